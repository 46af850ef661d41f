package dev.bulwark.server.attestation;

import dev.bulwark.core.DomainException;
import dev.bulwark.core.ErrorCode;
import dev.bulwark.core.device.AttestationRevocations;
import dev.bulwark.core.device.RevocationStatusList;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Google's attestation status list from a file or a URL, read when first needed and again once it is older than
 * the refresh interval. When a refresh fails the last copy is kept for up to a week (the failure logged, the next
 * try a minute later); with no usable copy, attestations are refused rather than accepted unchecked.
 */
public final class CachedStatusList implements AttestationRevocations {
    private static final Logger LOG = LoggerFactory.getLogger(CachedStatusList.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int LONGEST_LIST = 32 * 1024 * 1024;
    private static final Duration RETRY = Duration.ofMinutes(1);
    /** Revocations older than this are not trusted to be complete: attestations wait for a fresh list. */
    private static final Duration LONGEST_STALENESS = Duration.ofDays(7);

    private final String source;
    private final Duration refresh;
    private final Clock clock;
    private volatile Loaded loaded;
    /** With no usable copy: when the next read may be tried, so that an outage does not stall every attestation. */
    private volatile Instant nextTry = Instant.MIN;

    /**
     * @param at      when the list was read
     * @param checked when it was last read or tried: the next try waits for the refresh interval after it
     */
    private record Loaded(RevocationStatusList list, Instant at, Instant checked) {
        boolean fresh(Instant now, Duration refresh) {
            return checked.plus(refresh).isAfter(now);
        }
    }

    /** @param source an http(s) URL or a file path */
    public CachedStatusList(String source, Duration refresh, Clock clock) {
        this.source = source;
        this.refresh = refresh;
        this.clock = clock;
    }

    @Override
    public Optional<String> status(X509Certificate certificate) {
        return current().status(certificate);
    }

    private RevocationStatusList current() {
        Loaded copy = loaded;
        Instant now = clock.instant();
        if (copy != null && copy.fresh(now, refresh)) {
            return copy.list();
        }
        synchronized (this) {
            copy = loaded;
            if (copy != null && copy.fresh(now, refresh)) {
                return copy.list();
            }
            if (now.isBefore(nextTry)) {
                throw unavailable();
            }
            try {
                RevocationStatusList list = RevocationStatusList.parse(read());
                loaded = new Loaded(list, now, now);
                LOG.info("attestation status list loaded from {}: {} entries", source, list.size());
                return list;
            } catch (IOException | RuntimeException e) {
                if (copy != null && copy.at().plus(LONGEST_STALENESS).isAfter(now)) {
                    // Keep the last copy, and wait a minute before the next try rather than stall every attestation.
                    loaded = new Loaded(copy.list(), copy.at(), now.plus(RETRY).minus(refresh));
                    LOG.warn("attestation status list could not be refreshed from {}; keeping the copy of {}",
                            source, copy.at());
                    return copy.list();
                }
                nextTry = now.plus(RETRY);
                LOG.error("attestation status list could not be read from {} (and no copy younger than {} is left); "
                        + "Android attestations are refused", source, LONGEST_STALENESS);
                throw unavailable();
            }
        }
    }

    private static DomainException unavailable() {
        return new DomainException(ErrorCode.UNAVAILABLE, "The attestation status list cannot be read; try again "
                + "later.");
    }

    private String read() throws IOException {
        if (!source.startsWith("https://") && !source.startsWith("http://")) {
            return Files.readString(Path.of(source));
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(source)).timeout(TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().length() > LONGEST_LIST) {
                throw new IOException("status " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
