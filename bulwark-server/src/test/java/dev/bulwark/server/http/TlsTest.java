package dev.bulwark.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.support.TestCertificates;
import dev.bulwark.server.support.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS from PEM files: only TLS 1.3 and 1.2 with forward-secret AEAD suites, and HSTS on every response. */
class TlsTest {
    @TempDir
    static Path directory;
    static TestCertificates certificates;
    static BulwarkServer server;

    @BeforeAll
    static void start() {
        certificates = TestCertificates.create(directory);
        server = BulwarkServer.start(TestConfigs.config(directory,
                        "BULWARK_SERVER_TLS_CERTIFICATE", certificates.certificate().toString(),
                        "BULWARK_SERVER_TLS_PRIVATE_KEY", certificates.privateKey().toString()),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private SSLSocket connect(String[] protocols, String[] suites) throws Exception {
        var socket = (SSLSocket) certificates.trustingClient().getSocketFactory().createSocket("127.0.0.1", server.port());
        socket.setEnabledProtocols(protocols);
        if (suites != null) {
            socket.setEnabledCipherSuites(suites);
        }
        socket.setSoTimeout(5_000);
        return socket;
    }

    @Test
    void whenHttpsRequestThenServedWithHsts() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(certificates.trustingClient()).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + server.port() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).contains(SecureHeaders.HSTS);
        assertThat(server.url().toString()).startsWith("https://");
    }

    @Test
    void whenClientOffersTls13ThenTls13Negotiated() throws Exception {
        try (SSLSocket socket = connect(new String[] {"TLSv1.3", "TLSv1.2"}, null)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void whenClientOnlyOffersTls12ThenForwardSecretAeadSuite() throws Exception {
        try (SSLSocket socket = connect(new String[] {"TLSv1.2"}, null)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(socket.getSession().getCipherSuite()).startsWith("TLS_ECDHE_").containsAnyOf("_GCM_", "CHACHA20");
        }
    }

    @Test
    void whenClientOnlyOffersCbcSuitesThenHandshakeRefused() throws Exception {
        try (SSLSocket socket = connect(new String[] {"TLSv1.2"}, new String[] {
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"})) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void whenPrivateKeyBelongsToAnotherCertificateThenRefusedAtStart() {
        TestCertificates other = TestCertificates.create(directory.resolve("other"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TlsContexts.fromPem(certificates.certificate(),
                        other.privateKey(), false))
                .isInstanceOf(dev.bulwark.server.config.ConfigException.class)
                .hasMessageContaining("does not belong to server.tls.certificate");
    }

    @Test
    void whenPlainHttpSentToTlsPortThenNoHttpAnswer() throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            byte[] answer = socket.getInputStream().readNBytes(12);
            assertThat(new String(answer)).doesNotStartWith("HTTP/1.1 200");
        }
    }
}
