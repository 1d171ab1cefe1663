package webstack.hello;

import freemarker.cache.FileTemplateLoader;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import webstack.system.Templates;

/**
 * What rendering {@code /Hello/100} costs, template versus hand-written loop, outside any
 * server. Run with {@code bench/jmh} (not part of the tests: no speed is asserted).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HelloPageBenchmark {

    private HelloPage page;
    private final HelloRequest hello = new HelloRequest("Hello", 100);

    @Setup
    public void setUp() throws IOException {
        page = new HelloPage(Templates.configuration(new FileTemplateLoader(new File("webapp/WEB-INF/templates"))));
    }

    @Benchmark
    public byte[] template() throws Exception {
        return page.renderBytes(hello);
    }

    @Benchmark
    public byte[] handWritten() {
        var sb = new StringBuilder(1024);
        for (int i = 0; i < hello.count(); i++) sb.append(i).append(": ").append(hello.word()).append('\n');
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
