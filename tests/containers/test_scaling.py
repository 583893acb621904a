# SPDX-License-Identifier: EUPL-1.2
"""test_scaling.py — the workers scaled in real containers (issue 14): 3
replicas of the recorder and of the scheduler, each a pod of its own
(tests/containers/run.sh starts them with infra/containers/kube.sh), share
their topics' partitions; a stream of 2,000 requests through the intake
lands exactly once in PostgreSQL although one recorder and one scheduler
container are killed mid-stream, their partitions moving to the others. A
binary that dies inside its container (a signal from within, which podman's
own kill and stop would not be) is logged as a process_died line by the
image's entry (infra/containers/entry.sh) and its container is started again
by the pod's restartPolicy."""

import concurrent.futures
import json
import os
import pathlib
import subprocess
import sys
import time
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "integration"))
import dk  # noqa: E402  (reads $DK_VAR_DIR/stack.env, written by run.sh)

PODMAN = str(ROOT / "infra" / "containers" / "podman.sh")
VAR = pathlib.Path(os.environ["DK_CONTAINERS_VAR"])
REQUESTS = 2000
PARTITIONS = 8  # dk.applications.submitted and dk.schedule (schemas/topics.tsv)


def podman(*args, check=True):
    return subprocess.run([PODMAN, *args], capture_output=True, text=True, check=check,
                          timeout=120)


def owned(container, topic):
    """The partitions of topic the container's current process holds, from its
    partitions_assigned / partitions_revoked lines (consumers/dk_hold.c)."""
    parts = set()
    for line in podman("logs", container).stdout.splitlines() + \
            podman("logs", container).stderr.splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if not isinstance(rec, dict):
            continue
        event = rec.get("event")
        mine = {p for p in rec.get("partitions", []) if p.startswith(topic + "/")}
        if event == "started":
            parts = set()
        elif event == "partitions_assigned":
            parts |= mine
        elif event == "partitions_revoked":
            parts -= mine
    return parts


def ownership(role, topic, replicas):
    return {r: owned("dk-%s-%d-main" % (role, r), topic) for r in replicas}


def shared(own):
    """Every partition held by exactly one replica, and every replica holding some."""
    every = [p for parts in own.values() for p in parts]
    return len(every) == PARTITIONS and len(set(every)) == PARTITIONS and all(own.values())


def container_state(name):
    """(RestartCount, status) of a container, or None while podman cannot say."""
    r = podman("inspect", "--format", "{{.RestartCount}} {{.State.Status}}", name, check=False)
    fields = r.stdout.split()
    if r.returncode or len(fields) != 2 or not fields[0].isdigit():
        return None
    return int(fields[0]), fields[1]


def log_records(name):
    out = []
    r = podman("logs", name)
    for line in r.stdout.splitlines() + r.stderr.splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict):
            out.append(rec)
    return out


class ContainerScaling(unittest.TestCase):
    maxDiff = None

    def test_a_binary_dying_inside_is_logged_and_its_container_restarted(self):
        name, binary = "dk-mailer-1-main", "dk-mailer"
        before = container_state(name)
        self.assertIsNotNone(before, name)
        self.assertEqual(before[1], "running", before)
        # The binary is not PID 1 (catatonit) but the child of the entry
        # script: found by its name in /proc, killed from within the container
        # as a crash would end it.
        kill = ('for d in /proc/[0-9]*; do '
                '[ "$(cat "$d/comm" 2>/dev/null)" = %s ] || continue; '
                'kill -SEGV "${d#/proc/}" && echo "${d#/proc/}" && exit 0; '
                'done; echo "no %s process" >&2; exit 1' % (binary, binary))
        r = podman("exec", name, "sh", "-c", kill, check=False)
        # The binary's death may end the container before podman has
        # collected the exec session's own exit code ("exec died event ...
        # not found", 255): the PID printed says the signal was sent.
        said = r.stdout.split()
        self.assertTrue(said and said[0].isdigit(), r.stdout + r.stderr)
        pid = int(said[0])

        def restarted_and_healthy():
            state = container_state(name)
            if not state or state[0] < before[0] + 1 or state[1] != "running":
                return False
            return podman("healthcheck", "run", name, check=False).returncode == 0

        dk.wait_until(restarted_and_healthy, 120,
                      "%s running again with RestartCount > %d and healthy" % (name, before[0]))
        self.assertGreaterEqual(container_state(name)[0], 1)
        died = [rec for rec in log_records(name) if rec.get("event") == "process_died"]
        self.assertEqual(len(died), 1, died)
        self.assertEqual(died[0]["level"], "error")
        self.assertEqual((died[0]["process"], died[0]["pid"], died[0]["signal"], died[0]["status"]),
                         (binary, pid, "SIGSEGV", None), died[0])
        # The new process serves again (ready: broker, PostgreSQL and SMTP reachable).
        dk.wait_until(lambda: podman("exec", name, "/usr/local/bin/dk-probe", "/readyz",
                                     check=False).returncode == 0, 60, "%s ready" % name)

    def test_replicas_share_partitions_and_survive_a_kill(self):
        # Interviewers enough for 2,000 proposals (10 a day each over two weeks).
        env = [a for k, v in _secrets().items() for a in ("-e", "%s=%s" % (k, v))]
        script = ("for i in $(seq 30); do dk interviewer add --name \"Interviewer $i\" "
                  "--email interviewer.$i@scaling.example --languages nl,fr,en "
                  "--hours 'mon-fri 09:00-12:00,13:00-17:00' >/dev/null || exit 1; done")
        podman("run", "--rm", "--network", "host", *env, "-e", "DK_NOW=" + os.environ["DK_NOW"],
               "localhost/dk-cli:latest", "sh", "-c", script)

        topics = {"recorder": "dk.applications.submitted", "scheduler": "dk.schedule"}
        for role, topic in topics.items():
            dk.wait_until(lambda: shared(ownership(role, topic, (1, 2, 3))), 60,
                          "3 %s replicas sharing the %d partitions of %s" % (role, PARTITIONS, topic))

        ids, failures = [], []

        def send(_):
            status, doc, _ = dk.post_json(dk.valid_application())
            return doc["application_id"] if status == 201 else (status, doc)

        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(send, i) for i in range(REQUESTS)]
            killed = False
            for n, f in enumerate(futures):
                r = f.result()
                (ids if isinstance(r, str) else failures).append(r)
                if n == REQUESTS // 3 and not killed:
                    # Mid-stream, without warning (SIGKILL to the container: its
                    # uncommitted batch is read again by the partition's new owner),
                    # then kept down so that the survivors must take its partitions.
                    for role in topics:
                        podman("kill", "--signal", "KILL", "dk-%s-2-main" % role)
                        podman("pod", "stop", "--time", "0", "dk-%s-2" % role)
                    killed = True
        self.assertEqual(failures, [], "the intake refused some requests")
        self.assertEqual(len(set(ids)), REQUESTS)

        for role, topic in topics.items():
            dk.wait_until(lambda: shared(ownership(role, topic, (1, 3))), 60,
                          "the killed %s's partitions moved to the 2 others" % role)

        values = ",".join("('%s')" % i for i in ids)
        query = "WITH sent(id) AS (VALUES %s) " % values

        def counts():
            return dk.sql(query + """SELECT
                (SELECT count(*) FROM applications a JOIN sent s ON a.id = s.id::uuid),
                (SELECT count(*) FROM applications a JOIN sent s ON a.id = s.id::uuid
                   WHERE a.status <> 'submitted'),
                (SELECT count(*) FROM applications WHERE email LIKE '%@example.be')""")[0]

        dk.wait_until(lambda: counts()[1] == str(REQUESTS), 300,
                      "the %d applications recorded and planned" % REQUESTS)
        recorded, planned, all_rows = counts()
        elapsed = time.monotonic() - start
        self.assertEqual((recorded, planned, all_rows), (str(REQUESTS),) * 3)
        # Exactly once: no application with two live appointments, none with
        # more than one proposal mail job recorded, no slot given twice.
        doubled = dk.sql_value(query + """SELECT count(*) FROM (SELECT p.application_id
            FROM appointments p JOIN sent s ON p.application_id = s.id::uuid
            GROUP BY 1 HAVING count(*) > 1) x""")
        self.assertEqual(doubled, "0", "applications with more than one appointment")
        overlap = dk.sql_value("""SELECT count(*) FROM appointments a JOIN appointments b
            ON a.interviewer_id = b.interviewer_id AND a.id < b.id
            AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)""")
        self.assertEqual(overlap, "0", "double bookings")
        # Every pipeline container still running passes its health check (the
        # pod's liveness probe: dk-probe asking /healthz on its metrics port)
        # and is ready (/readyz: broker, PostgreSQL and, for the mailer, SMTP
        # reachable).
        names = [n for n in podman("ps", "--format", "{{.Names}}").stdout.split()
                 if n.endswith("-main") and n not in ("dk-postgres-main", "dk-smtp-main")]
        self.assertTrue(any(n.startswith("dk-recorder-") for n in names), names)
        unhealthy = {n: (r.returncode, r.stdout + r.stderr) for n in names
                     for r in [podman("healthcheck", "run", n, check=False)] if r.returncode}
        self.assertEqual(unhealthy, {}, "containers failing their health check")
        unready = {n: (r.returncode, r.stdout + r.stderr) for n in names
                   for r in [podman("exec", n, "/usr/local/bin/dk-probe", "/readyz", check=False)]
                   if r.returncode}
        self.assertEqual(unready, {}, "containers not ready")
        print("\n%d requests recorded and planned exactly once in %.1f s, one recorder and one "
              "scheduler killed mid-stream" % (REQUESTS, elapsed), file=sys.stderr)


def _secrets():
    """The pipeline's settings for a dk container: the keys and the DSN."""
    out = {}
    for line in (VAR / "secrets.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            out[k] = v
    password = out.pop("DK_PG_PASSWORD")
    out["DK_PG_DSN"] = "host=127.0.0.1 port=%s dbname=dk user=dk password=%s" % (
        os.environ["DK_PG_PORT"], password)
    return out


if __name__ == "__main__":
    unittest.main()
