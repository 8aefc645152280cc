package io.batchpulse.orchestrator.api;

import io.batchpulse.events.json.EventJson;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The internal API writes the contract's JSON (ISO times and durations, lowercase enums). */
@Configuration(proxyBeanMethods = false)
class JsonConfig {

    @Bean
    JsonMapperBuilderCustomizer contractJson() {
        return EventJson::configure;
    }
}
