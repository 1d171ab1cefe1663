"""bench/run --profile: reading `jfr print` (data/jfr-print-tomcat-users-read.txt: five execution
samples of Tomcat direct under GET /users/{id}, from a recording of bench/run --quick --profile
tomcat:read, one of them cut at 64 frames), the self-time summary, the collapsed stacks and
which tables a --profile selector names. No JVM, no recording."""
import os
import tempfile
import unittest
from unittest import mock

from harness import profile

DATA = os.path.join(os.path.dirname(__file__), "data")


def recorded():
    with open(os.path.join(DATA, "jfr-print-tomcat-users-read.txt")) as f:
        return f.read()


class ParseTest(unittest.TestCase):

    def setUp(self):
        self.samples = profile.parse(recorded())

    def test_every_sample_with_its_thread_and_its_frames_leaf_first(self):
        self.assertEqual([t for t, _ in self.samples],
                         ["http-nio-127.0.0.1-43511-Acceptor", "http-nio-127.0.0.1-43511-exec-4",
                          "http-nio-127.0.0.1-43511-exec-7", "http-nio-127.0.0.1-43511-exec-10",
                          "http-nio-127.0.0.1-43511-exec-11"])
        thread, frames = self.samples[0]
        self.assertEqual(frames[0], "java.nio.Buffer.<init>")
        self.assertEqual(frames[-2:], ["org.apache.tomcat.util.net.Acceptor.run", "java.lang.Thread.run"])
        self.assertEqual(len(frames), 9)

    def test_a_frame_is_the_method_without_its_argument_types_and_line(self):
        self.assertEqual(profile.method("org.apache.catalina.mapper.Mapper.findIgnoreCase(Mapper$MapElement[], "
                                        "CharChunk) line: 1205"), "org.apache.catalina.mapper.Mapper.findIgnoreCase")
        self.assertEqual(profile.method("java.lang.Thread.run() line: 840"), "java.lang.Thread.run")
        self.assertEqual(profile.method("jdk.internal.misc.Unsafe.park(boolean, long)"), "jdk.internal.misc.Unsafe.park")

    def test_a_stack_cut_at_the_depth_ends_with_a_frame_that_says_so(self):
        _, frames = self.samples[2]
        self.assertEqual(len(frames), profile.STACK_DEPTH + 1)
        self.assertEqual(frames[0], "java.util.TreeMap.compare")
        self.assertEqual(frames[-1], profile.CUT)

    def test_a_sample_without_a_stack_and_other_events_are_left_out(self):
        text = ("jdk.ExecutionSample {\n  startTime = 21:18:50.160\n  sampledThread = \"x\" (javaThreadId = 3)\n"
                "  state = \"STATE_RUNNABLE\"\n  stackTrace = null\n}\n\n"
                "jdk.NativeMethodSample {\n  stackTrace = [\n    java.lang.Object.wait(long)\n  ]\n}\n\n")
        self.assertEqual(profile.parse(text), [])
        self.assertEqual(len(profile.parse(text + recorded())), 5)


class SummaryTest(unittest.TestCase):

    def test_self_time_by_method_and_by_top_level_package(self):
        s = profile.summarize(profile.parse(recorded()))
        self.assertEqual(s["samples"], 5)
        self.assertEqual(s["packages"], [("org.apache.catalina", 3, 0.6), ("java", 2, 0.4)])
        self.assertEqual(s["methods"][0], ("java.nio.Buffer.<init>", 1, 0.2))   # ties: by name
        self.assertEqual(len(s["methods"]), 5)

    def test_the_top_methods_are_the_most_sampled_and_at_most_thirty(self):
        samples = [("t", [f"p.C.m{i}"]) for i in range(40)] + [("t", ["p.C.m39"])] * 3
        s = profile.summarize(samples)
        self.assertEqual(len(s["methods"]), profile.TOP_METHODS)
        self.assertEqual(s["methods"][0], ("p.C.m39", 4, 4 / 43))

    def test_packages_most_specific_first_else_the_first_two_name_parts(self):
        for name, package in [("org.apache.coyote.http11.Http11Processor.service", "org.apache.coyote"),
                              ("org.apache.tomcat.util.buf.MessageBytes.equals", "org.apache.tomcat"),
                              ("com.mysql.cj.protocol.a.NativePacketPayload.writeInteger", "com.mysql"),
                              ("com.zaxxer.hikari.pool.HikariPool.getConnection", "com.zaxxer"),
                              ("freemarker.core.Environment.process", "freemarker"),
                              ("webstack.system.RouteFilter.doFilter", "webstack"),
                              ("java.util.HashMap.get", "java"), ("jdk.internal.misc.Unsafe.park", "jdk"),
                              ("sun.nio.ch.EPoll.wait", "sun"), ("com.sun.crypto.provider.X.y", "com.sun"),
                              ("io.jsonwebtoken.impl.DefaultJwtParser.parse", "io.jsonwebtoken"),
                              ("org.h2.command.Command.executeQuery", "org.h2")]:
            self.assertEqual(profile.package(name), package, name)

    def test_the_summary_text_gives_the_shares(self):
        text = profile.summary_text("Tomcat, read", profile.summarize(profile.parse(recorded())))
        self.assertIn("5 execution samples", text)
        self.assertIn("   60.0%       3  org.apache.catalina\n", text)
        self.assertIn("   20.0%       1  org.apache.catalina.mapper.Mapper.findIgnoreCase\n", text)


class CollapsedTest(unittest.TestCase):

    def test_one_line_per_stack_root_first_with_its_count(self):
        samples = profile.parse(recorded())
        lines = profile.collapsed(samples + samples[:1]).splitlines()
        self.assertEqual(len(lines), 5)
        for line in lines:
            self.assertRegex(line, r"^[^ ].* [0-9]+$")
        counts = {line.rsplit(" ", 1)[0]: int(line.rsplit(" ", 1)[1]) for line in lines}
        self.assertEqual(sum(counts.values()), 6)
        acceptor = next(s for s in counts if s.endswith(";java.nio.Buffer.<init>"))
        self.assertTrue(acceptor.startswith("java.lang.Thread.run;org.apache.tomcat.util.net.Acceptor.run;"))
        self.assertEqual(counts[acceptor], 2)
        cut = next(s for s in counts if s.endswith(";java.util.TreeMap.compare"))
        self.assertTrue(cut.startswith(profile.CUT + ";"))

    def test_a_semicolon_in_a_frame_does_not_split_it(self):
        self.assertEqual(profile.collapsed([("t", ["a.B.c;d", "a.B.main"])]), "a.B.main;a.B.c:d 1\n")


class OutputsTest(unittest.TestCase):

    def test_summary_and_collapsed_files_and_no_flame_graph_without_the_script(self):
        with tempfile.TemporaryDirectory() as out, mock.patch.object(profile, "flamegraph_tool", return_value=None):
            summary, files = profile.write_outputs(out, "run-profile-tomcat-users-read", "title", [recorded()] * 2)
            self.assertEqual(summary["samples"], 10)
            self.assertEqual(files, {"summary": "run-profile-tomcat-users-read.txt",
                                     "collapsed": "run-profile-tomcat-users-read.collapsed", "flamegraph": None})
            with open(os.path.join(out, files["collapsed"])) as f:
                self.assertEqual(sum(int(x.rsplit(" ", 1)[1]) for x in f.read().splitlines()), 10)
            self.assertEqual(sorted(os.listdir(out)), sorted(f for f in files.values() if f))


class RecordTest(unittest.TestCase):
    """profile.record with the JVM side faked: which files, and the results' entry."""

    def run_record(self, jvms, out):
        calls = []

        def start(pids, files):
            calls.append(("start", list(pids), [os.path.basename(f) for f in files]))
            for f in files:
                open(f, "w").close()
            return mock.Mock(stop=lambda: calls.append(("stop",)))

        with mock.patch.object(profile, "java_pids", return_value=jvms), \
                mock.patch.object(profile.Recording, "start", side_effect=start), \
                mock.patch.object(profile, "jfr_print", return_value=recorded()), \
                mock.patch.object(profile, "flamegraph_tool", return_value=None):
            entry = profile.record(lambda: [1, 2, 3], lambda: calls.append(("load",)), out, "20261201-211654",
                                   "tomcat-nginx-tcp", "hello-procs-2", "title")
        return entry, calls

    def test_one_recording_per_jvm_around_the_load_and_one_summary(self):
        with tempfile.TemporaryDirectory() as out:
            entry, calls = self.run_record([101, 102], out)
        base = "20261201-211654-profile-tomcat-nginx-tcp-hello-procs-2"
        self.assertEqual(calls, [("start", [101, 102], [base + "-1.jfr", base + "-2.jfr"]), ("load",), ("stop",)])
        self.assertEqual(entry["jfr"], [base + "-1.jfr", base + "-2.jfr"])
        self.assertEqual((entry["summary"], entry["collapsed"], entry["flamegraph"]),
                         (base + ".txt", base + ".collapsed", None))
        self.assertEqual(entry["samples"], 10)   # both JVMs' samples
        self.assertEqual(entry["packages"][0], {"package": "org.apache.catalina", "samples": 6, "share": 0.6})
        self.assertNotIn("reason", entry)

    def test_one_jvm_one_file_without_a_number(self):
        with tempfile.TemporaryDirectory() as out:
            entry, _ = self.run_record([101], out)
        self.assertEqual(entry["jfr"], ["20261201-211654-profile-tomcat-nginx-tcp-hello-procs-2.jfr"])

    def test_no_jvm_no_recording_and_the_reason(self):
        with tempfile.TemporaryDirectory() as out:
            entry, calls = self.run_record([], out)
        self.assertEqual(calls, [])
        self.assertEqual(entry["reason"], "no JVM among the server's processes")
        self.assertEqual((entry["jfr"], entry["samples"]), ([], None))


class SpecTest(unittest.TestCase):

    def test_rows_and_optional_tables(self):
        spec = profile.Spec("tomcat:read, tomcat-nginx-tcp")
        self.assertEqual(spec.items, [("tomcat", "read"), ("tomcat-nginx-tcp", None)])
        self.assertTrue(spec.wants("tomcat", "users-read"))
        self.assertFalse(spec.wants("tomcat", "users-read-c10000"))
        self.assertFalse(spec.wants("tomcat", "users-list"))
        self.assertTrue(spec.wants("tomcat-nginx-tcp", "hello-procs-2"))
        self.assertFalse(spec.wants("gin-users", "users-read"))
        self.assertFalse(profile.Spec(""))

    def test_a_table_by_id_workload_or_section(self):
        self.assertTrue(profile.matches("hello-procs-2", "hello-procs-2"))
        self.assertFalse(profile.matches("hello-procs-2", "hello-procs-1"))
        self.assertTrue(profile.matches("hello", "hello-procs-4"))
        self.assertTrue(profile.matches("json", "json-c10000"))
        self.assertTrue(profile.matches("users", "users-mix"))
        self.assertTrue(profile.matches("read-c10000", "users-read-c10000"))
        self.assertFalse(profile.matches("read", "users-read-c10000"))

    def test_an_empty_table_or_row_is_refused(self):
        for text in ("tomcat:", ":read"):
            with self.assertRaises(ValueError):
                profile.Spec(text)

    def test_the_files_are_named_after_the_run_the_row_and_the_table(self):
        self.assertEqual(profile.base_name("20261201-211654", "tomcat", "users-read"),
                         "20261201-211654-profile-tomcat-users-read")

    def test_no_jvm_among_processes_that_are_not_java(self):
        self.assertEqual(profile.java_pids([os.getpid(), 999999999]), [])


if __name__ == "__main__":
    unittest.main()
