# tests/e2e/sshd.sh: a private OpenSSH server for the ssh:// tests (sourced).
#
#	sshd_setup DIR		keys, sshd_config and ssh_config in DIR; sets
#				SSHD_DIR, SSHD_PORT, SSH_CMD ("ssh -F DIR/ssh_config");
#				returns 1 (with a reason on stderr) when sshd cannot run
#	sshd_start		start it (pid in SSHD_PID); waits until it answers
#	sshd_stop		kill it and every session it forked, by pid
#
# The server listens on 127.0.0.1 at a free high port, with its own host key
# and an authorized key generated into DIR, for the current user (StrictModes
# no: DIR may be group-writable). The client's config names the host
# "testhost" and knows its host key. Only pids this file started are killed.

SSHD_BIN=""

# Find sshd; 1 when absent.
sshd_find() {
	for _s in /usr/sbin/sshd /usr/local/sbin/sshd "$(command -v sshd 2>/dev/null)"; do
		[ -n "$_s" ] && [ -x "$_s" ] && { SSHD_BIN=$_s; return 0; }
	done
	return 1
}

# A free TCP port on 127.0.0.1 (the kernel's pick).
sshd_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

sshd_setup() {
	SSHD_DIR=$1
	sshd_find || { echo "sshd not installed" >&2; return 1; }
	command -v ssh >/dev/null 2>&1 || { echo "ssh not installed" >&2; return 1; }
	mkdir -p "$SSHD_DIR" || return 1
	ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/hostkey" >/dev/null 2>&1 &&
	    ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/userkey" >/dev/null 2>&1 ||
	    { echo "ssh-keygen failed" >&2; return 1; }
	cp "$SSHD_DIR/userkey.pub" "$SSHD_DIR/authorized_keys"
	chmod 600 "$SSHD_DIR/hostkey" "$SSHD_DIR/userkey" "$SSHD_DIR/authorized_keys"
	SSHD_PORT=$(sshd_free_port) || return 1
	cat > "$SSHD_DIR/sshd_config" <<EOC
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $SSHD_DIR/hostkey
AuthorizedKeysFile $SSHD_DIR/authorized_keys
PidFile $SSHD_DIR/sshd.pid
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowTcpForwarding no
X11Forwarding no
PrintMotd no
LogLevel ERROR
SetEnv TMPDIR=$SSHD_DIR/tmp
EOC
	mkdir -p "$SSHD_DIR/tmp"	# remote scripts killed with -KILL leave files here
	printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$SSHD_DIR/hostkey.pub")" \
	    > "$SSHD_DIR/known_hosts"
	cat > "$SSHD_DIR/ssh_config" <<EOC
Host testhost
	HostName 127.0.0.1
	Port $SSHD_PORT
	User $(id -un)
	IdentityFile $SSHD_DIR/userkey
	IdentitiesOnly yes
	UserKnownHostsFile $SSHD_DIR/known_hosts
	StrictHostKeyChecking yes
	PasswordAuthentication no
	LogLevel ERROR
EOC
	SSH_CMD="ssh -F $SSHD_DIR/ssh_config"
	# Running as root, sshd wants its privilege separation directory.
	if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then
		mkdir -p /run/sshd && chmod 755 /run/sshd
	fi
	"$SSHD_BIN" -t -f "$SSHD_DIR/sshd_config" 2> "$SSHD_DIR/check.err" ||
	    { echo "sshd -t: $(head -1 "$SSHD_DIR/check.err")" >&2; return 1; }
	return 0
}

# Start sshd in the foreground of a background job; wait until ssh works.
sshd_start() {
	"$SSHD_BIN" -D -e -f "$SSHD_DIR/sshd_config" </dev/null >/dev/null \
	    2>> "$SSHD_DIR/sshd.log" &
	SSHD_PID=$!
	echo "$SSHD_PID" > "$SSHD_DIR/running.pid"	# for the subshells of run_case
	_ss_i=0
	while [ $_ss_i -lt 250 ]; do
		$SSH_CMD -o BatchMode=yes -o ConnectTimeout=2 testhost true \
		    2>/dev/null </dev/null && return 0
		kill -0 "$SSHD_PID" 2>/dev/null || break
		sleep 0.02
		_ss_i=$((_ss_i + 1))
	done
	echo "sshd did not answer: $(tail -2 "$SSHD_DIR/sshd.log")" >&2
	return 1
}

# The pids descending from PID (children first listed after their parent).
sshd_tree() {
	for _c in $(cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$1" '$4 == p { print $1 }'); do
		echo "$_c"
		sshd_tree "$_c"
	done
}

# Kill our sshd and the sessions it forked (remote scripts included).
sshd_stop() {
	[ -s "$SSHD_DIR/running.pid" ] && SSHD_PID=$(cat "$SSHD_DIR/running.pid")
	[ -n "${SSHD_PID:-}" ] || return 0
	_st_pids="$SSHD_PID $(sshd_tree "$SSHD_PID")"
	kill -KILL $_st_pids 2>/dev/null
	wait "$SSHD_PID" 2>/dev/null
	# Gone from the process table (a zombie of another shell is harmless).
	_ss_i=0
	while [ $_ss_i -lt 100 ] && [ -d "/proc/$SSHD_PID" ] &&
	    ! grep -q '^State:.*Z' "/proc/$SSHD_PID/status" 2>/dev/null; do
		sleep 0.02
		_ss_i=$((_ss_i + 1))
	done
	SSHD_PID=""
	rm -f "$SSHD_DIR/running.pid"
	return 0
}
