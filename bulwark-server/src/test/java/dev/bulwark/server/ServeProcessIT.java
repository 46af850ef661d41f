package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.server.support.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as a newcomer would (java -jar bulwark.jar serve, the launcher's last step) on its
 * embedded default: SQLite under ./data and generated development keys. It must become ready, print a one-time
 * administrator password exactly once, and stop cleanly on SIGTERM.
 */
class ServeProcessIT {
    private static final Pattern API_LINE = Pattern.compile("API: +(http://\\S+)");

    @TempDir
    Path workingDirectory;

    record Running(Process process, URI url, List<String> stdout, List<String> stderr, List<Thread> readers,
                   long millisToReady) {
    }

    private Running serve() throws Exception {
        Path jar = Path.of("target", "bulwark.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "serve")
                .directory(workingDirectory.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BULWARK_"));
        builder.environment().put("BULWARK_SERVER_PORT", "0");
        long started = System.nanoTime();
        Process process = builder.start();
        List<String> stdout = new CopyOnWriteArrayList<>();
        List<String> stderr = new CopyOnWriteArrayList<>();
        List<Thread> readers = List.of(drain(process.getInputStream(), stdout), drain(process.getErrorStream(), stderr));

        URI url = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (url == null && System.nanoTime() < deadline && process.isAlive()) {
            for (String line : stderr) {
                Matcher matcher = API_LINE.matcher(line);
                if (matcher.find()) {
                    url = URI.create(matcher.group(1));
                }
            }
            Thread.sleep(20);
        }
        assertThat(url).as("the banner's API URL; stderr: " + stderr + " stdout: " + stdout).isNotNull();
        while (Http.get(url, "health/ready").statusCode() != 200) {
            assertThat(System.nanoTime()).as("ready in time").isLessThan(deadline);
            Thread.sleep(20);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("ServeProcessIT: java -jar bulwark.jar serve answered /health/ready with 200 after "
                + millis + " ms");
        return new Running(process, url, stdout, stderr, readers, millis);
    }

    private static Thread drain(java.io.InputStream stream, List<String> lines) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        });
    }

    private static int stop(Running running) throws Exception {
        // SIGTERM through the handle: Process.destroy() would also close our ends of the pipes at once, and the
        // server's last log lines would be lost on the way.
        running.process().toHandle().destroy();
        assertThat(running.process().waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        for (Thread reader : running.readers()) {
            reader.join(10_000); // until the process's output ends
        }
        return running.process().exitValue();
    }

    @Test
    void whenServedOnTheEmbeddedDefaultThenReadyThenStopsCleanlyAndPrintsThePasswordOnce() throws Exception {
        Running first = serve();

        assertThat(first.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(first.stderr()).anySatisfy(line -> assertThat(line).contains("One-time password"));
        assertThat(Files.exists(workingDirectory.resolve("data/bulwark.db"))).isTrue();
        assertThat(Files.exists(workingDirectory.resolve("data/dev-master.key"))).isTrue();
        assertThat(String.join("\n", first.stdout())).contains("\"message\":\"bulwark started");
        int exit = stop(first);
        assertThat(exit).isIn(0, 143);
        assertThat(String.join("\n", first.stdout())).as("stderr: " + first.stderr()).contains("bulwark stopped");

        Running second = serve();
        assertThat(second.stderr()).noneSatisfy(line -> assertThat(line).contains("One-time password"));
        stop(second);
    }

    /**
     * A node that runs out of memory while starting must exit with one line, so that a supervisor restarts it:
     * before, the main thread died of the OutOfMemoryError and the process stayed up, never ready. The launcher's
     * own settings, with a heap too small to start in.
     */
    @Test
    void whenTheLauncherRunsOutOfMemoryWhileStartingThenItExitsAtOnceWithOneLine() throws Exception {
        Path launcher = Path.of("..", "bulwark").toAbsolutePath().normalize();
        var builder = new ProcessBuilder("bash", launcher.toString(), "serve").directory(workingDirectory.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BULWARK_"));
        builder.environment().put("BULWARK_SERVER_PORT", "0");
        builder.environment().put("BULWARK_JAVA_OPTS", "-Xms8m -Xmx14m -Xmn4m");
        Process process = builder.start();
        List<String> stdout = new CopyOnWriteArrayList<>();
        List<String> stderr = new CopyOnWriteArrayList<>();
        List<Thread> readers = List.of(drain(process.getInputStream(), stdout), drain(process.getErrorStream(), stderr));

        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Thread reader : readers) {
            reader.join(10_000);
        }

        List<String> output = new java.util.ArrayList<>(stdout); // the JVM's own last word goes to standard output
        output.addAll(stderr);
        assertThat(exited).as("exited rather than hanging; output: " + output).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).anySatisfy(line -> assertThat(line).contains("OutOfMemoryError"));
        assertThat(output).as("one line, no stack trace").noneSatisfy(line -> assertThat(line).startsWith("\tat "));
    }
}
