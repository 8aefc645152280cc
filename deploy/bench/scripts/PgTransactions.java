import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/** Prints how many transactions PostgreSQL has committed or rolled back so far, over all databases. */
public class PgTransactions {

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], "postgres", "postgres");
                ResultSet rs = connection.createStatement()
                        .executeQuery("SELECT sum(xact_commit + xact_rollback) FROM pg_stat_database")) {
            rs.next();
            System.out.println(rs.getLong(1));
        }
    }
}
