#!/usr/bin/env python3
"""Compare hoist binaries side by side on one simulator: key press to next
frame and peak RSS, alternating runs so both meet the same machine.

make bench marks a figure that got worse than the last report; this tells
whether the code or the machine moved. Usage:

  hoist sim serve --listen 127.0.0.1:45444 --fleet large --groups 5000 &
  python3 scripts/ab.py http://127.0.0.1:45444 old/hoist new/hoist

Each run: the console in a 120x40 pseudo-terminal, 15 s to settle, then 40
presses of j/k a quarter second apart, each timed to the first byte the
console writes back; peak RSS from the kernel when it exits.
"""
import fcntl, os, pty, select, signal, statistics, struct, sys, termios, time


def run(endpoint, binary):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="y", TERM="xterm-256color",
                          XDG_STATE_HOME="/tmp/hoist-ab-state", XDG_CONFIG_HOME="/tmp/hoist-ab-config")
        os.execv(binary, [binary, "--endpoint-url", endpoint])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def drain(seconds):
        end = time.time() + seconds
        while time.time() < end:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    os.read(fd, 1 << 20)
                except OSError:
                    return

    drain(15)
    lat = []
    for i in range(40):
        drain(0.25)
        t0 = time.time()
        os.write(fd, b"j" if i % 2 == 0 else b"k")
        if select.select([fd], [], [], 2)[0]:
            lat.append((time.time() - t0) * 1000)
            os.read(fd, 1 << 20)
    os.write(fd, b"q")
    drain(2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _, _, ru = os.wait4(pid, 0)
    lat.sort()
    return statistics.median(lat), lat[int(len(lat) * 0.9)], ru.ru_maxrss / 1024


def main():
    endpoint, binaries = sys.argv[1], sys.argv[2:]
    for _ in range(3):
        for b in binaries:
            med, p90, rss = run(endpoint, b)
            print(f"{b}: key median {med:.1f} ms, p90 {p90:.1f} ms, peak RSS {rss:.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
