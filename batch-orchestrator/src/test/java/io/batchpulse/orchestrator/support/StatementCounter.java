package io.batchpulse.orchestrator.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the SQL statements the current thread prepares while {@link #count} runs, by wrapping
 * the application's DataSource. Other threads (dispatcher, listeners) are not counted.
 */
public final class StatementCounter implements BeanPostProcessor {

    private static final ThreadLocal<AtomicInteger> COUNT = new ThreadLocal<>();

    public static <T> int count(Supplier<T> work) {
        AtomicInteger count = new AtomicInteger();
        COUNT.set(count);
        try {
            work.get();
        } finally {
            COUNT.remove();
        }
        return count.get();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        Object result = invoke(method, dataSource, args);
                        return result instanceof Connection connection ? counting(connection) : result;
                    });
        }
        return bean;
    }

    private static Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (COUNT.get() != null && (name.equals("prepareStatement") || name.equals("createStatement")
                            || name.equals("prepareCall"))) {
                        COUNT.get().incrementAndGet();
                    }
                    return invoke(method, connection, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
