package io.batchpulse.gateway.auth;

import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ApiResponse;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands out tokens signed with the local secret, so a developer can use the API without an
 * identity provider. Exists only in the {@code local} profile: elsewhere the path is not mapped.
 */
@Profile(DevTokenController.PROFILE)
@RestController
class DevTokenController {

    static final String PROFILE = "local";
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

    private final JwtEncoder encoder;
    private final GatewayProperties.Auth auth;

    DevTokenController(GatewayProperties properties) {
        this.auth = properties.auth();
        this.encoder = NimbusJwtEncoder.withSecretKey(SecurityConfiguration.hmacKey(auth))
                .algorithm(MacAlgorithm.HS256).build();
    }

    @GetMapping(SecurityConfiguration.DEV_TOKEN_PATH)
    ApiResponse<DevToken> token(@RequestParam String sub, @RequestParam(defaultValue = "false") boolean admin) {
        if (!SUBJECT.matcher(sub).matches()) {
            throw ApiException.validation(List.of("sub: must be 1-100 letters, digits or ._@-"));
        }
        Instant now = Instant.now();
        Instant expiresAt = now.plus(auth.devTokenTtl());
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().subject(sub).issuedAt(now).expiresAt(expiresAt);
        if (!auth.issuer().isBlank()) {
            claims.issuer(auth.issuer());
        }
        if (!auth.audiences().isEmpty()) {
            claims.audience(auth.audiences());
        }
        if (admin) {
            claims.claim("scope", auth.adminScope());
        }
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        return ApiResponse.of(new DevToken(token, expiresAt));
    }

    record DevToken(String token, Instant expiresAt) {
    }
}
