"""Unit tests of the harness's own figures (python3 -m unittest discover -s bench/harness/tests
-t bench; run by ./mvnw test through webstack.harness.HarnessUnitTest). No server, no load."""
