"""What the numbers were measured on: the report names the machine and every version."""
import os
import platform
import re
import subprocess


def _first_line(argv, pattern=None):
    try:
        done = subprocess.run(argv, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    if pattern:
        m = re.search(pattern, text)
        return m.group(1) if m else None
    return text.strip().splitlines()[0] if text.strip() else None


def describe(project, java_home, note):
    """The machine and every version; note: the caveat for the reader, where the load
    generator ran (placement.describe)."""
    cpu = None
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    os_name = None
    try:
        with open("/etc/os-release") as f:
            m = re.search(r'^PRETTY_NAME="?([^"\n]*)', f.read(), re.M)
            os_name = m.group(1) if m else None
    except OSError:
        pass
    java = os.path.join(java_home, "bin", "java") if java_home else "java"
    tomcat_dirs = sorted(d for d in os.listdir(os.path.join(project, "target", "tomcat"))
                         if d.startswith("apache-tomcat-")) if os.path.isdir(os.path.join(project, "target", "tomcat")) else []
    versions = {
        "java": _first_line([java, "-version"], r'version "([^"]+)"'),
        "tomcat": tomcat_dirs[-1].removeprefix("apache-tomcat-") if tomcat_dirs else None,
        "nginx": _first_line(["nginx", "-v"], r"nginx/(\S+)"),
        "go": _first_line(["go", "version"], r"go version (go\S+)"),
        "python": _first_line(["/usr/bin/python3", "--version"], r"Python (\S+)"),
        "siege": _first_line(["siege", "--version"], r"SIEGE (\S+)"),
        "wrk": _first_line(["wrk", "-v"], r"wrk (\S+)"),
        "mariadb": _first_line(["mariadb", "--version"], r"Distrib (\S+?)[-,]"),
    }
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memoryMiB": mem_kib // 1024,
        "kernel": f"{platform.system()} {platform.release()}",
        "os": os_name,
        "versions": {k: v for k, v in versions.items() if v},
        "note": note,
    }
