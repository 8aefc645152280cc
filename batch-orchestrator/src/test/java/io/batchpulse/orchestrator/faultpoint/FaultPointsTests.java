package io.batchpulse.orchestrator.faultpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Arming and disarming; halting itself is proven by the fault tests, which watch the process end. */
class FaultPointsTests {

    @Test
    void pointsCannotBeArmedUnlessFaultPointsAreOn() {
        FaultPoints off = new FaultPoints(false);

        assertThatThrownBy(() -> off.arm(FaultPoint.ITEMS_CLAIMED)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("orchestrator.fault-points");
        off.reach(FaultPoint.ITEMS_CLAIMED);
        assertThat(off.armed()).isEmpty();
    }

    @Test
    void anArmedPointIsListedUntilDisarmedAndOthersPassThrough() {
        FaultPoints on = new FaultPoints(true);
        on.arm(FaultPoint.OUTBOX_SENT);

        on.reach(FaultPoint.ITEMS_CLAIMED);
        on.reach(FaultPoint.COMMAND_APPLIED);
        assertThat(on.armed()).containsExactly(FaultPoint.OUTBOX_SENT);

        on.disarm(FaultPoint.OUTBOX_SENT);
        on.reach(FaultPoint.OUTBOX_SENT);
        assertThat(on.armed()).isEmpty();
    }
}
