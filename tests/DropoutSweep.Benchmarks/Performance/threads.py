"""Where a process's CPU time goes, thread by thread: runs the command given, samples /proc/<pid>/task/* after AFTER
seconds (default 2) and again WINDOW seconds later (default 2), and prints each thread's CPU time in that window and its
voluntary and involuntary context switches. Used by measure.sh to show what takes CPU from the training threads when
every core trains (the JIT's tiering thread, the thread pool, Akka)."""
import os
import subprocess
import sys
import time

process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sample(pid):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            fields = open(f"/proc/{pid}/task/{tid}/stat").read().rsplit(")", 1)[1].split()
            status = open(f"/proc/{pid}/task/{tid}/status").read()
            voluntary = int(status.split("\nvoluntary_ctxt_switches:")[1].split()[0])
            involuntary = int(status.split("nonvoluntary_ctxt_switches:")[1].split()[0])
            threads[tid] = (name, int(fields[11]) + int(fields[12]), voluntary, involuntary)
        except (FileNotFoundError, IndexError, ProcessLookupError):
            pass  # a thread that ended between listing and reading
    return threads


time.sleep(float(os.environ.get("AFTER", "2")))
before, start = sample(process.pid), time.time()
time.sleep(float(os.environ.get("WINDOW", "2")))
after, seconds = sample(process.pid), time.time() - start
ticks = os.sysconf("SC_CLK_TCK")
rows = sorted(((cpu - before.get(tid, (name, 0, 0, 0))[1], vol - before.get(tid, (name, 0, 0, 0))[2],
                invol - before.get(tid, (name, 0, 0, 0))[3], name, tid) for tid, (name, cpu, vol, invol) in after.items()), reverse=True)
print(f"window of {seconds:.1f} s: each thread's share of one core, context switches")
for cpu, vol, invol, name, tid in rows[:8]:
    print(f"  {name:<22} {cpu / ticks / seconds:6.1%}  voluntary {vol:>6}  involuntary {invol:>6}")
process.wait()
