#!/usr/bin/env bash
# Writes Cloudflare's published edge ranges into the two files the Caddyfile imports, and reloads Caddy
# when they changed. Run as root at install time and weekly (e.g. a systemd timer or cron).
# Sources (Cloudflare's own published lists): https://www.cloudflare.com/ips-v4 and /ips-v6.
set -euo pipefail

out_dir=${1:-/etc/caddy}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

curl -fsS --max-time 20 https://www.cloudflare.com/ips-v4 >"$tmp/v4"
curl -fsS --max-time 20 https://www.cloudflare.com/ips-v6 >"$tmp/v6"

# Every line must be one prefix of a sane length: a Cloudflare range is never wider than /8 (IPv4) or /20
# (IPv6), and an entry like 0.0.0.0/0 or ::/0 would trust the whole internet. One bad line rejects the lot.
valid() {
	local line="$1" address bits
	address=${line%/*}
	bits=${line##*/}
	[[ "$line" == */* && "$bits" =~ ^[0-9]+$ ]] || return 1
	if [[ "$address" =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]]; then
		for octet in "${BASH_REMATCH[@]:1}"; do ((10#$octet <= 255)) || return 1; done
		((bits >= 8 && bits <= 32))
	elif [[ "$address" =~ ^[0-9a-fA-F:]+$ && "$address" == *:* ]]; then
		((bits >= 20 && bits <= 128))
	else
		return 1
	fi
}
lines=$(cat "$tmp/v4" "$tmp/v6" | tr -s ' \r\t' '\n\n\n' | sed '/^$/d' | sort -u)
while IFS= read -r line; do
	if ! valid "$line"; then
		echo "refusing the download: '$line' is not an IPv4 prefix of /8../32 or an IPv6 prefix of /20../128" >&2
		exit 1
	fi
done <<<"$lines"
ranges=$(tr '\n' ' ' <<<"$lines")
count=$(wc -w <<<"$ranges")
# A truncated or empty download must never replace a good list: that would lock Cloudflare out, or
# (with an empty matcher) let everyone in.
if [ "$count" -lt 10 ]; then
	echo "refusing to write only $count Cloudflare ranges; keeping the current files" >&2
	exit 1
fi

printf 'trusted_proxies static %s\n' "$ranges" >"$tmp/cloudflare-trusted-proxies.caddy"
printf '@not_cloudflare not remote_ip %s\n' "$ranges" >"$tmp/cloudflare-not-cloudflare.caddy"

changed=0
for f in cloudflare-trusted-proxies.caddy cloudflare-not-cloudflare.caddy; do
	if ! cmp -s "$tmp/$f" "$out_dir/$f"; then
		changed=1
	fi
done

if [ "$changed" = 1 ]; then
	# Validate a copy of the whole config with the new files first: the live files change only once Caddy
	# accepted them, so a later restart can never load a list that failed validation.
	mkdir -p "$tmp/caddy"
	cp -a "$out_dir/." "$tmp/caddy/"
	cp "$tmp/cloudflare-trusted-proxies.caddy" "$tmp/cloudflare-not-cloudflare.caddy" "$tmp/caddy/"
	# The Caddyfile imports by absolute path: point the copy's imports at the copy.
	sed -i "s#$out_dir/#$tmp/caddy/#g" "$tmp/caddy/Caddyfile"
	caddy validate --config "$tmp/caddy/Caddyfile" --adapter caddyfile
	for f in cloudflare-trusted-proxies.caddy cloudflare-not-cloudflare.caddy; do
		install -m 0644 "$tmp/$f" "$out_dir/$f.new"
		mv -f "$out_dir/$f.new" "$out_dir/$f"
	done
	systemctl reload caddy
	# The firewall allow-list (RUNBOOK 1.8) follows the same ranges: add new ones. Removed ranges are reported,
	# not deleted, so a bad download can never close 443 to the ranges that work today.
	if command -v ufw >/dev/null 2>&1; then
		for r in $ranges; do
			ufw allow proto tcp from "$r" to any port 443 comment cloudflare >/dev/null
		done
	fi
	echo "Cloudflare ranges updated ($count ranges); caddy reloaded"
else
	echo "Cloudflare ranges unchanged ($count ranges)"
fi
