#!/usr/bin/env bash
# Two database hosts on this machine for the ssh tests: network namespaces
# NAME-p (the primary's) and NAME-s (the standby's) joined by a veth pair,
# documentation-range addresses only, and an sshd of the test's own in
# NAME-p (its own config, host key and one authorized key; key-only).
#
#   two-hosts.sh up NAME 4|6 DIR       make them; DIR/hosts.env says the addresses
#   two-hosts.sh wizard NAME DIR COVERS -- ARGV...
#                                       run ARGV in NAME-s, in a mount namespace of
#                                       its own where each path in COVERS (colon-
#                                       separated) is hidden under an empty tmpfs,
#                                       and /root holds only the test's ssh files
#                                       (TWO_HOSTS_SSH=unknown-host, other-key or
#                                       changed-host spoils them on purpose)
#   two-hosts.sh in NAME p|s -- ARGV... run ARGV in one host's network namespace
#   two-hosts.sh link NAME up|down     the link between them
#   two-hosts.sh down NAME DIR         take everything away (safe to repeat)
set -euo pipefail
cmd=$1 name=$2
p=$name-p s=$name-s
# Interface names are at most 15 bytes.
vp=$(printf '%s' "$name" | tail -c 9)vp vs=$(printf '%s' "$name" | tail -c 9)vs

case $cmd in
up)
    family=$3 dir=$4
    mkdir -p "$dir/ssh" "$dir/keys"
    # sshd reads authorized_keys as the user logging in, who may be the
    # sudo test's account: that file alone is open to all.
    chmod 711 "$dir"
    chmod 700 "$dir/ssh"
    chmod 755 "$dir/keys"
    if [ "$family" = 6 ]; then pa=2001:db8::1 sa=2001:db8::2 plen=64; else pa=192.0.2.1 sa=192.0.2.2 plen=24; fi
    ip netns add "$p"
    ip netns add "$s"
    ip link add "$vp" type veth peer name "$vs"
    ip link set "$vp" netns "$p"
    ip link set "$vs" netns "$s"
    for ns in "$p" "$s"; do ip -n "$ns" link set lo up; done
    if [ "$family" = 6 ]; then
        ip -n "$p" addr add "$pa/$plen" dev "$vp" nodad
        ip -n "$s" addr add "$sa/$plen" dev "$vs" nodad
    else
        ip -n "$p" addr add "$pa/$plen" dev "$vp"
        ip -n "$s" addr add "$sa/$plen" dev "$vs"
    fi
    ip -n "$p" link set "$vp" up
    ip -n "$s" link set "$vs" up
    ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh/host_key" -C "$name host"
    ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh/id_ed25519" -C "$name operator"
    cp "$dir/ssh/id_ed25519.pub" "$dir/keys/authorized_keys"
    chmod 644 "$dir/keys/authorized_keys"
    # sshd wants its privilege separation directory; made only if missing,
    # and then removed again by down.
    if [ ! -d /run/sshd ]; then mkdir -m 755 /run/sshd; touch "$dir/made-run-sshd"; fi
    cat > "$dir/ssh/sshd_config" <<CONF
ListenAddress $pa
Port 22
HostKey $dir/ssh/host_key
PidFile $dir/ssh/sshd.pid
AuthorizedKeysFile $dir/keys/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel ERROR
CONF
    ip netns exec "$p" /usr/sbin/sshd -f "$dir/ssh/sshd_config" -E "$dir/ssh/sshd.log"
    for _ in $(seq 50); do [ -s "$dir/ssh/sshd.pid" ] && break; sleep 0.1; done
    # The operator's known_hosts line, as accepting the key once by hand
    # would leave it.
    printf '%s %s\n' "$pa" "$(cut -d' ' -f1,2 "$dir/ssh/host_key.pub")" > "$dir/ssh/known_hosts"
    printf 'PRIMARY_ADDR=%s\nSECONDARY_ADDR=%s\n' "$pa" "$sa" > "$dir/hosts.env"
    ;;
wizard)
    dir=$3 covers=$4
    shift 5
    # unshare's own mount namespace: nothing here is seen outside it.
    exec ip netns exec "$s" unshare --mount --propagation private -- /bin/bash -c '
        set -e
        dir=$1 covers=$2; shift 2
        IFS=: read -ra paths <<< "$covers"
        for path in "${paths[@]}"; do [ -n "$path" ] && mount -t tmpfs -o size=1m,mode=0700 swcover "$path"; done
        mount -t tmpfs -o mode=0700 swroot /root
        mkdir -m 700 /root/.ssh
        cp "$dir/ssh/id_ed25519" "$dir/ssh/known_hosts" /root/.ssh/
        chmod 600 /root/.ssh/id_ed25519
        # The operator mistakes the ssh tests make on purpose.
        case ${TWO_HOSTS_SSH:-} in
        unknown-host) : > /root/.ssh/known_hosts ;;
        other-key) rm /root/.ssh/id_ed25519; ssh-keygen -q -t ed25519 -N "" -f /root/.ssh/id_ed25519 ;;
        changed-host) k=$(ssh-keygen -y -f /root/.ssh/id_ed25519 | cut -d" " -f1,2)
            printf "%s %s\n" "$(cut -d" " -f1 /root/.ssh/known_hosts)" "$k" > /root/.ssh/known_hosts ;;
        esac
        exec "$@"
    ' two-hosts "$dir" "$covers" "$@"
    ;;
in)
    which=$3
    shift 4
    exec ip netns exec "$name-$which" "$@"
    ;;
link)
    ip -n "$p" link set "$vp" "$3"
    ;;
down)
    dir=$3
    if [ -s "$dir/ssh/sshd.pid" ]; then kill "$(cat "$dir/ssh/sshd.pid")" 2>/dev/null || true; fi
    # Every process left in the namespaces (the sessions sshd started).
    for ns in "$p" "$s"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    done
    ip netns del "$p" 2>/dev/null || true
    ip netns del "$s" 2>/dev/null || true
    if [ -e "$dir/made-run-sshd" ]; then rmdir /run/sshd 2>/dev/null || true; fi
    rm -rf "$dir/ssh" "$dir/keys" "$dir/hosts.env" "$dir/made-run-sshd"
    ;;
esac
