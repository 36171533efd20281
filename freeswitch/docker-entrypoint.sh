#!/bin/sh
# Starts a FreeSWITCH node from /etc/freeswitch (freeswitch/conf in the repository): checks the environment
# conf/vars.xml reads, fills the defaults of the optional settings, then runs FreeSWITCH in the foreground.
# FreeSWITCH itself takes an unset variable as an empty value, and an empty event socket password as its
# well-known default, so nothing starts until the environment is right.
set -eu

problems=""
problem() { problems="${problems}
  $1"; }

is_port() { case "$1" in ''|*[!0-9]*) return 1 ;; esac; [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }
is_count() { case "$1" in ''|*[!0-9]*) return 1 ;; esac; [ "$1" -ge 1 ]; }

: "${ESL_LISTEN_IP:=127.0.0.1}"
: "${ESL_ALLOW_CIDR:=127.0.0.1/32}"
: "${FS_MAX_SESSIONS:=1000}"
: "${FS_SESSIONS_PER_SECOND:=30}"
: "${FS_LOG_LEVEL:=info}"
: "${SIP_PORT:=5060}"
: "${RTP_START_PORT:=16384}"
: "${RTP_END_PORT:=32768}"
: "${SIP_CODEC_PREFS:=PCMU,PCMA}"
: "${EXT_SIP_IP:=}"
: "${EXT_RTP_IP:=}"
export ESL_LISTEN_IP ESL_ALLOW_CIDR FS_MAX_SESSIONS FS_SESSIONS_PER_SECOND FS_LOG_LEVEL SIP_PORT RTP_START_PORT \
  RTP_END_PORT SIP_CODEC_PREFS EXT_SIP_IP EXT_RTP_IP

case "${ESL_PASSWORD:-}" in
  '') problem "ESL_PASSWORD: required (the event socket password, from a Secret)" ;;
  ClueCon) problem "ESL_PASSWORD: must not be FreeSWITCH's well-known default" ;;
  *[\"\<\>\&]*) problem "ESL_PASSWORD: must not contain \" < > or & (it is written into XML)" ;;
esac
case "$ESL_ALLOW_CIDR" in
  */*) ;;
  *) problem "ESL_ALLOW_CIDR: must be one CIDR such as 10.244.0.0/16" ;;
esac
is_count "$FS_MAX_SESSIONS" || problem "FS_MAX_SESSIONS: must be a positive integer"
is_count "$FS_SESSIONS_PER_SECOND" || problem "FS_SESSIONS_PER_SECOND: must be a positive integer"
case "$FS_LOG_LEVEL" in
  debug|info|notice|warning|err|crit|alert) ;;
  *) problem "FS_LOG_LEVEL: one of debug, info, notice, warning, err, crit, alert" ;;
esac
is_port "$SIP_PORT" || problem "SIP_PORT: must be a port number"
if is_port "$RTP_START_PORT" && is_port "$RTP_END_PORT"; then
  [ "$RTP_START_PORT" -lt "$RTP_END_PORT" ] || problem "RTP_START_PORT: must be below RTP_END_PORT"
else
  problem "RTP_START_PORT, RTP_END_PORT: must be port numbers"
fi

# Each mounted gateway file names the variable holding its password; every one must be set.
for file in /etc/freeswitch/sip_profiles/external/*.xml; do
  [ -e "$file" ] || continue
  for name in $(sed -n 's/.*cmd="env-set" data="[^=]*=\$\([A-Z0-9_]*\)".*/\1/p' "$file"); do
    eval "value=\${$name:-}"
    [ -n "$value" ] || problem "$name: required by gateway file $(basename "$file")"
  done
done

if [ -n "$problems" ]; then
  echo "freeswitch: invalid configuration:$problems" >&2
  exit 2
fi

# -nf: stay in the foreground under tini; -nc: no console (no terminal in a pod; logs go to stdout through
# mod_logfile); -nonat: no UPnP/NAT-PMP probing, the public address is EXT_SIP_IP/EXT_RTP_IP.
exec /usr/local/freeswitch/bin/freeswitch -nf -nc -nonat \
  -conf /etc/freeswitch -log /var/log/freeswitch -db /var/lib/freeswitch/db -run /var/run/freeswitch \
  -recordings /var/lib/freeswitch/recordings "$@"
