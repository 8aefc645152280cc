package io.batchpulse.gateway.auth;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ErrorResponseWriter;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * A {@code @WebMvcTest} slice of API controllers with what every API answer goes through: the
 * real security chain (JWTs checked against {@link SliceTokens#SECRET}), the request size limit,
 * the error envelope and the wire's JSON settings. The services behind the controllers are the
 * test's to provide; Kafka and the orchestrator play no part.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(properties = "gateway.auth.hmac-secret=" + SliceTokens.SECRET)
@Import(ApiSliceTest.Infrastructure.class)
public @interface ApiSliceTest {

    /** The controllers of the slice. */
    @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
    Class<?>[] value();

    /** The beans of the main configuration the slice does not pick up by itself. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    @Import({SecurityConfiguration.class, JsonSecurityErrors.class, ErrorResponseWriter.class})
    class Infrastructure {

        /** As the gateway's configuration sets it: times and durations as the wire contract writes them. */
        @Bean
        JsonMapperBuilderCustomizer contractJson() {
            return EventJson::configure;
        }
    }
}
