package io.batchpulse.events.model;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The limits every producer of a create command is held to, and the defaults they all get. */
class BatchOptionsValidationTests {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void createValidator() {
        // ParameterMessageInterpolator: the contract has no Expression Language implementation on its classpath
        factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void closeValidator() {
        factory.close();
    }

    @Test
    void optionsWithinTheLimitsAreValid() {
        BatchOptions options = new BatchOptions(10_000, 100, Duration.ofHours(24), 100_000.0, Duration.ofDays(30),
                new FailurePolicy(1.0, 1_000_000, FailureAction.FAIL));

        assertThat(validator.validate(options)).isEmpty();
        assertThat(validator.validate(new BatchOptions(1, 1, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1),
                new FailurePolicy(0.0, 1, FailureAction.PAUSE)))).isEmpty();
    }

    @Test
    void optionsLeftOutAreValid() {
        assertThat(validator.validate(new BatchOptions(null, null, null, null, null, null))).isEmpty();
    }

    @Test
    void maxInFlightOfZeroIsRefused() {
        assertThat(violations(new BatchOptions(0, null, null, null, null, null))).containsExactly("maxInFlight");
    }

    @Test
    void maxInFlightAboveTenThousandIsRefused() {
        assertThat(violations(new BatchOptions(10_001, null, null, null, null, null))).containsExactly("maxInFlight");
    }

    @Test
    void maxAttemptsOfAThousandIsRefused() {
        assertThat(violations(new BatchOptions(null, 1000, null, null, null, null))).containsExactly("maxAttempts");
    }

    @Test
    void zeroItemTimeoutIsRefused() {
        assertThat(violations(new BatchOptions(null, null, Duration.ZERO, null, null, null)))
                .containsExactly("itemTimeout");
    }

    @Test
    void zeroItemsPerSecondAndOverlongDeadlineAreRefused() {
        assertThat(violations(new BatchOptions(null, null, null, 0.0, Duration.ofDays(31), null)))
                .containsExactlyInAnyOrder("itemsPerSecond", "deadline");
    }

    @Test
    void failureRatioAboveOneIsRefused() {
        assertThat(violations(new BatchOptions(null, null, null, null, null, new FailurePolicy(1.5, null, null))))
                .containsExactly("failurePolicy.maxFailureRatio");
    }

    @Test
    void failurePolicyWithoutRatioIsRefused() {
        assertThat(violations(new BatchOptions(null, null, null, null, null,
                new FailurePolicy(null, 10, FailureAction.PAUSE))))
                .containsExactly("failurePolicy.maxFailureRatio");
    }

    @Test
    void withDefaultsFillsWhatTheCallerLeftOut() {
        BatchOptions options = new BatchOptions(null, null, null, null, null, new FailurePolicy(0.2, null, null))
                .withDefaults();

        assertThat(options).isEqualTo(new BatchOptions(BatchOptions.DEFAULT_MAX_IN_FLIGHT,
                BatchOptions.DEFAULT_MAX_ATTEMPTS, BatchOptions.DEFAULT_ITEM_TIMEOUT, null, null,
                new FailurePolicy(0.2, FailurePolicy.DEFAULT_MIN_FINISHED, FailureAction.PAUSE), null, Priority.NORMAL));
        assertThat(options.maxInFlight()).isEqualTo(32);
        assertThat(options.maxAttempts()).isEqualTo(3);
        assertThat(options.itemTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(validator.validate(options)).isEmpty();
    }

    @Test
    void withDefaultsKeepsWhatTheCallerSet() {
        BatchOptions options = new BatchOptions(8, 5, Duration.ofSeconds(30), 2.5, Duration.ofMinutes(15),
                new FailurePolicy(0.1, 50, FailureAction.FAIL), "openai-key-1", Priority.LOW);

        assertThat(options.withDefaults()).isEqualTo(options);
    }

    @Test
    void defaultsHaveNoRateLimitDeadlineFailurePolicyOrSharedLimitAndANormalPriority() {
        assertThat(BatchOptions.defaults()).isEqualTo(new BatchOptions(32, 3, Duration.ofMinutes(5), null, null, null,
                null, Priority.NORMAL));
    }

    @Test
    void limitNamesAreLowercaseConfigurationKeys() {
        assertThat(violations(new BatchOptions(null, null, null, null, null, null, "openai-key-1.eu_west", null)))
                .isEmpty();
        assertThat(violations(new BatchOptions(null, null, null, null, null, null, "OpenAI key", null)))
                .containsExactly("limit");
        assertThat(violations(new BatchOptions(null, null, null, null, null, null, "", null)))
                .containsExactly("limit");
    }

    private Set<String> violations(BatchOptions options) {
        return validator.validate(options).stream()
                .map(ConstraintViolation::getPropertyPath)
                .map(Object::toString)
                .collect(Collectors.toSet());
    }
}
