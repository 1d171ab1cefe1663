"""The Galera rows (issue 16, "cost of safety"): the cluster's command lines, the id a Galera
node gives the verifying POST /users, the verification against the reference with that id,
the report's Galera / single ratios, and the rows' place in the plan. Nothing here starts a
node: bench/run --quick does (CI)."""
import copy
import os
import tempfile
import threading
import time
import unittest

from harness import db, galera, matrix, placement, report, servers


class ClusterCommandsTest(unittest.TestCase):

    def test_node_one_forms_the_cluster_the_others_join_it_with_the_writer_as_last_donor(self):
        argvs = [galera.start_argv("deploy/host", f"/d/n{i + 1}", i) for i in range(3)]
        peers = ["127.0.0.1:4731", "127.0.0.1:4741", "127.0.0.1:4751"]
        self.assertEqual(argvs[0], ["deploy/host", "/d/n1", "galera-start", "new", "n1", "127.0.0.1", "3331", "4731",
                                    "n2,n3,"] + peers)
        self.assertEqual(argvs[1][2:9], ["galera-start", "join", "n2", "127.0.0.1", "3332", "4741", "n3,n1,"])
        self.assertEqual(argvs[2][2:9], ["galera-start", "join", "n3", "127.0.0.1", "3333", "4751", "n2,n1,"])

    def test_its_ports_are_the_ones_set_aside_for_it(self):
        self.assertEqual(sorted(galera.ports()),
                         [3331, 3332, 3333, 4731, 4732, 4733, 4741, 4742, 4743, 4751, 4752, 4753])


class AbortTest(unittest.TestCase):

    def tearDown(self):
        galera._abort.clear()

    def test_ctrl_c_ends_a_node_start_under_way_at_once(self):
        with tempfile.TemporaryDirectory() as d:
            cluster = galera.Cluster("/nonexistent", d, os.path.join(d, "log"))
            threading.Timer(0.3, galera.abort).start()
            started = time.monotonic()
            self.assertEqual(cluster._run_start(["sleep", "30"]), "interrupted")
            self.assertLess(time.monotonic() - started, 5)
            self.assertEqual(cluster._run_start(["true"]), "interrupted", "and no other node is started")

    def test_a_start_that_ends_gives_its_exit_code(self):
        with tempfile.TemporaryDirectory() as d:
            cluster = galera.Cluster("/nonexistent", d, os.path.join(d, "log"))
            self.assertEqual(cluster._run_start(["sh", "-c", "exit 3"]), 3)


class NextIdTest(unittest.TestCase):

    def test_a_single_server_gives_the_next_number(self):
        self.assertEqual(db.next_id(10000, 1, 1), 10001)

    def test_a_galera_node_gives_the_next_of_its_series(self):
        # Measured on node 1 of the loopback cluster: increment 3, offset 1, 10,000 seeded: 10003.
        self.assertEqual(db.next_id(10000, 3, 1), 10003)
        self.assertEqual(db.next_id(10000, 3, 2), 10001)
        self.assertEqual(db.next_id(10000, 3, 3), 10002)
        self.assertEqual(db.next_id(0, 3, 2), 2)

    def test_an_offset_above_the_increment_is_ignored_as_mariadb_does(self):
        self.assertEqual(db.next_id(10000, 2, 5), 10001)


REFERENCE_CREATE = {"status": 201, "contentType": "application/json", "location": "/users/10001",
                    "body": {"id": 10001, "email": "verify.bench@example.com", "name": "Verify bench",
                             "created_at": "2026-12-02T11:00:00.123Z"}}


class VerifyWithNewIdTest(unittest.TestCase):

    def test_the_reference_reads_with_the_galera_nodes_id_and_nothing_else_changes(self):
        got = matrix._with_new_id(REFERENCE_CREATE, 10003)
        self.assertEqual(got["location"], "/users/10003")
        self.assertEqual(got["body"]["id"], 10003)
        self.assertEqual({k: v for k, v in got["body"].items() if k != "id"},
                         {k: v for k, v in REFERENCE_CREATE["body"].items() if k != "id"})
        self.assertEqual(REFERENCE_CREATE["body"]["id"], 10001, "the reference itself is left as it was")
        self.assertIs(matrix._with_new_id(REFERENCE_CREATE, 10001), REFERENCE_CREATE)

    def test_an_answer_with_the_nodes_id_passes_and_one_with_another_fails(self):
        answer = copy.deepcopy(REFERENCE_CREATE)
        answer["location"], answer["body"]["id"] = "/users/10003", 10003
        answer["body"]["created_at"] = "2026-12-02T11:00:07.456Z"
        self.assertIsNone(matrix._compare("create", matrix._with_new_id(REFERENCE_CREATE, 10003), answer))
        self.assertIn("location", matrix._compare("create", matrix._with_new_id(REFERENCE_CREATE, 10002), answer))
        answer["body"]["name"] = "Verify  bench"
        self.assertIn("name", matrix._compare("create", matrix._with_new_id(REFERENCE_CREATE, 10003), answer))

    def test_the_seed_check_takes_the_expected_id(self):
        answers = {"read": {"status": 200, "body": {"id": 4242, "name": "Seed user 4242"}},
                   "list": {"status": 200, "body": [{"id": i} for i in range(101, 111)]},
                   "create": copy.deepcopy(REFERENCE_CREATE)}
        self.assertIsNone(matrix._check_seed_answers(answers))
        self.assertIn("create", matrix._check_seed_answers(answers, 10003))


def _stats(values):
    return matrix.stats(values)


def _row(rid, rps, p50, p99, status="ok"):
    return {"id": rid, "label": rid, "group": "Java", "status": status, "wrkRps": _stats(rps), "p50Ms": _stats(p50),
            "p99Ms": _stats(p99)}


class ReportTest(unittest.TestCase):

    def results(self, galera_status="ok"):
        read = {"id": "users-read", "title": "GET /users/{id} (token), 200 connections",
                "rows": [_row("tomcat", [4000, 5000, 4500], [40, 38, 42], [90, 80, 100]),
                         _row("tomcat-galera", [3600, 5000, 4050], [44, 40, 43], [99, 100, 100], galera_status)]}
        create = {"id": "users-create", "title": "POST /users (bcrypt cost 10), 200 connections",
                  "rows": [_row("tomcat", [200, 210, 190], [900, 950, 1000], [2000, 2100, 1900]),
                           _row("tomcat-galera", [100, 105, 95], [1800, 1900, 2000], [4000, 4200, 3800])]}
        if galera_status != "ok":
            read["rows"][1]["reason"] = "no Galera cluster: needs root"
        return {"tables": [read, create]}

    def test_ratios_are_galera_over_single_of_the_medians_with_the_rounds_own_ratios(self):
        costs = {c["table"]: c["ratios"] for c in report.galera_costs(self.results())}
        self.assertEqual(costs["users-read"]["wrkRps"], {"median": 0.9, "min": 0.9, "max": 1.0})
        self.assertEqual(costs["users-create"]["wrkRps"], {"median": 0.5, "min": 0.5, "max": 0.5})
        self.assertEqual(costs["users-create"]["p99Ms"]["median"], 2.0)

    def test_the_report_shows_the_table_and_says_why_a_row_is_missing(self):
        text = "\n".join(report.galera_lines(self.results()))
        self.assertIn("| GET /users/{id} (token), 200 connections | 4,500 (4,000–5,000) | 4,050 (3,600–5,000) | "
                      "0.90 (0.90–1.00) |", text)
        text = "\n".join(report.galera_lines(self.results("skipped")))
        self.assertNotIn("| GET /users/{id}", text)
        self.assertIn("the Galera row is **skipped**: no Galera cluster: needs root", text)

    def test_no_galera_row_no_section(self):
        results = self.results()
        for t in results["tables"]:
            t["rows"] = t["rows"][:1]
        self.assertEqual(report.galera_lines(results), [])


class PlanTest(unittest.TestCase):

    def settings(self, **kw):
        args = dict(rounds=1, procs_list=[2], siege_seconds=1, wrk_seconds=1, warmup_seconds=0, high_connections=0,
                    sections=["users"], only=[], placement=placement.Placement("shared", [0, 1]))
        args.update(kw)
        return matrix.Settings(**args)

    def test_the_galera_row_is_beside_tomcat_direct_in_every_user_api_table(self):
        for t in matrix.plan_tables(self.settings()):
            self.assertEqual(t.row_ids[:2], ["tomcat", "tomcat-galera"], t.id)

    def test_workloads_limit_the_user_api_tables(self):
        tables = matrix.plan_tables(self.settings(workloads=["read", "create"], only=["tomcat", "tomcat-galera"]))
        self.assertEqual([t.id for t in tables], ["users-read", "users-create"])
        self.assertEqual(tables[1].min_seconds, matrix.BCRYPT_ROW_SECONDS)

    def test_no_galera_is_a_skipped_row_with_its_reason(self):
        ctx = servers.Ctx("/nonexistent", "/tmp", db=object())
        ctx.war_problem = ""  # the WAR is there
        ctx.galera_off = "left out of this run (bench/run --no-galera)"
        with self.assertRaisesRegex(servers.Unavailable, "--no-galera"):
            servers.TomcatGalera().check(ctx)


if __name__ == "__main__":
    unittest.main()
