package io.batchpulse.gateway.auth;

import io.batchpulse.gateway.GatewayProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Stateless bearer-token security: every API call carries a JWT; no session, no cookie, hence no
 * CSRF token. 401 and 403 come out in the API's error envelope.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String DEV_TOKEN_PATH = "/api/v1/dev/token";
    /** The SSE stream checks a bearer token or a stream ticket itself (EventSource cannot send headers). */
    static final String STREAM_PATH = "/api/v1/batches/*/progress";
    /** So does the results download (a saved file is a plain link, with no header either). */
    static final String RESULTS_PATH = "/api/v1/batches/*/results";

    /** The web UI's static files: public like any web page; every API call it makes carries the token. */
    static final String[] WEB_UI_PATHS = {"/", "/index.html", "/assets/**"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JsonSecurityErrors errors, GatewayProperties properties,
            Environment environment) {
        boolean devTokens = environment.acceptsProfiles(Profiles.of(DevTokenController.PROFILE));
        http.csrf(csrf -> csrf.disable())
                .cors(c -> c.configurationSource(corsConfigurationSource(properties)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll();
                    // scraped without a token, like the other services: keep /actuator off the public ingress
                    requests.requestMatchers(HttpMethod.GET, "/actuator/prometheus").permitAll();
                    requests.requestMatchers(HttpMethod.GET, STREAM_PATH, RESULTS_PATH).permitAll();
                    requests.requestMatchers(HttpMethod.GET, WEB_UI_PATHS).permitAll();
                    if (devTokens) {
                        requests.requestMatchers(HttpMethod.GET, DEV_TOKEN_PATH).permitAll();
                    }
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resource -> resource
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors));
        return http.build();
    }

    /** JWKS in production when configured; otherwise the shared HMAC secret (HS256). */
    @Bean
    JwtDecoder jwtDecoder(GatewayProperties properties) {
        GatewayProperties.Auth auth = properties.auth();
        NimbusJwtDecoder decoder = auth.usesJwkSet()
                ? NimbusJwtDecoder.withJwkSetUri(auth.jwkSetUri()).build()
                : NimbusJwtDecoder.withSecretKey(hmacKey(auth)).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(claimValidators(auth)));
        return decoder;
    }

    /** Checked on top of Spring Security's defaults (expiry, not-before, type). */
    private static List<OAuth2TokenValidator<Jwt>> claimValidators(GatewayProperties.Auth auth) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        if (!auth.issuer().isBlank()) {
            validators.add(new JwtIssuerValidator(auth.issuer()));
        }
        // A token for no one would act as a user named null: own batches "of null", see those of null.
        validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, subject -> subject != null && !subject.isBlank()));
        List<String> audiences = auth.audiences();
        if (!audiences.isEmpty()) {
            // any one of them, as Spring Boot's own spring.security.oauth2.resourceserver.jwt.audiences checks it
            validators.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
        }
        return validators;
    }

    /** Not a bean: Spring MVC's own CorsConfigurationSource already is one, and this one belongs to the filter chain. */
    private static CorsConfigurationSource corsConfigurationSource(GatewayProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> origins = properties.cors().allowedOrigins();
        if (!origins.isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(origins);
            config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"));
            config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Content-Range", "Last-Event-ID",
                    "Upload-Offset", "Upload-Length", "Tus-Resumable"));
            // the resumable upload protocol's answers (tus 1.0 core) are read from headers
            config.setExposedHeaders(List.of("Location", "Content-Disposition", "Upload-Offset", "Upload-Length", "Upload-Expires",
                    "Tus-Resumable"));
            config.setMaxAge(Duration.ofHours(1));
            // explicit origins only (checked at start-up), so credentials are safe to allow
            config.setAllowCredentials(true);
            source.registerCorsConfiguration("/api/**", config);
        }
        return source;
    }

    static SecretKey hmacKey(GatewayProperties.Auth auth) {
        return new SecretKeySpec(auth.secretBytes(), "HmacSHA256");
    }
}
