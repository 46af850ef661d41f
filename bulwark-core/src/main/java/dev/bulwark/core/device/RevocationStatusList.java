package dev.bulwark.core.device;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google's attestation status list ({@code https://android.googleapis.com/attestation/status}): a JSON object whose
 * {@code entries} map certificate serial numbers, in lowercase hex, to their status.
 */
public final class RevocationStatusList implements AttestationRevocations {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, String> statusBySerial;

    private RevocationStatusList(Map<String, String> statusBySerial) {
        this.statusBySerial = Map.copyOf(statusBySerial);
    }

    public static RevocationStatusList parse(String json) {
        JsonNode entries;
        try {
            entries = JSON.readTree(json).path("entries");
        } catch (RuntimeException e) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The attestation status list is not JSON.");
        }
        if (!entries.isObject()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "The attestation status list has no entries.");
        }
        Map<String, String> statuses = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : entries.properties()) {
            statuses.put(canonical(entry.getKey()), entry.getValue().path("status").asString("REVOKED"));
        }
        return new RevocationStatusList(statuses);
    }

    @Override
    public Optional<String> status(X509Certificate certificate) {
        return Optional.ofNullable(statusBySerial.get(certificate.getSerialNumber().toString(16)));
    }

    public int size() {
        return statusBySerial.size();
    }

    /** Serials are listed as lowercase hex without leading zeros; tolerate either case and zero padding. */
    private static String canonical(String serial) {
        try {
            return new BigInteger(serial.toLowerCase(Locale.ROOT), 16).toString(16);
        } catch (NumberFormatException e) {
            return serial.toLowerCase(Locale.ROOT);
        }
    }
}
