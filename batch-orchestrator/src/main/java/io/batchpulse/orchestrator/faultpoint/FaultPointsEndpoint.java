package io.batchpulse.orchestrator.faultpoint;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * {@code POST /actuator/faultpoints/{point}} arms a {@link FaultPoint} ({@code items-claimed}, ...),
 * {@code DELETE} disarms it; {@code GET /actuator/faultpoints} lists the armed ones. Exists only with {@code orchestrator.fault-points: true}, and is
 * served only where {@code management.endpoints.web.exposure.include} names it: the fault tests'
 * cluster, never a production deployment (it lets a caller stop the process).
 */
@Component
@ConditionalOnBooleanProperty("orchestrator.fault-points")
@Endpoint(id = "faultpoints")
class FaultPointsEndpoint {

    private final FaultPoints points;

    FaultPointsEndpoint(FaultPoints points) {
        this.points = points;
    }

    @ReadOperation
    Set<FaultPoint> armed() {
        return points.armed();
    }

    @WriteOperation
    String arm(@Selector String point) {
        FaultPoint chosen = named(point);
        points.arm(chosen);
        return chosen + " armed";
    }

    @DeleteOperation
    String disarm(@Selector String point) {
        FaultPoint chosen = named(point);
        points.disarm(chosen);
        return chosen + " disarmed";
    }

    private static FaultPoint named(String point) {
        return Arrays.stream(FaultPoint.values())
                .filter(candidate -> candidate.name().replace('_', '-').toLowerCase(Locale.ROOT).equals(point))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fault point " + point + "; one of "
                        + Arrays.toString(FaultPoint.values())));
    }
}
