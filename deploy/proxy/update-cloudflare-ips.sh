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

ranges=$(cat "$tmp/v4" "$tmp/v6" | tr -s ' \r\n' '\n' | grep -E '^[0-9a-fA-F:.]+/[0-9]+$' | sort -u | tr '\n' ' ')
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
		install -m 0644 "$tmp/$f" "$out_dir/$f"
		changed=1
	fi
done

if [ "$changed" = 1 ]; then
	caddy validate --config "$out_dir/Caddyfile" --adapter caddyfile
	systemctl reload caddy
	echo "Cloudflare ranges updated ($count ranges); caddy reloaded"
else
	echo "Cloudflare ranges unchanged ($count ranges)"
fi
