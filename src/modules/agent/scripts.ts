/**
 * The native collectors and their installers, generated with this installation's public URL (ASSAY_PUBLIC_URL)
 * filled in and served at /agent/install.sh, /agent/collector.sh, /agent/install.ps1 and /agent/collector.ps1.
 * They run the OS's own commands read-only and post the raw outputs; the server parses them
 * (src/agent/native). Everything they interpolate is quoted, and tokens are checked against a strict pattern
 * before any use.
 */
import { MACOS_COMMANDS } from "../../agent/native/macos.ts";
import { WINDOWS_COMMANDS } from "../../agent/native/windows.ts";
import { AppError } from "../../platform/errors.ts";

export const SH_COLLECTOR = "assay-sh/1";
export const PS_COLLECTOR = "assay-ps/1";
/** What an enrollment token looks like (randomToken: the prefix and 43 base64url characters). */
export const ENROLLMENT_TOKEN_PATTERN = "^assay_enr_[A-Za-z0-9_-]{20,100}$";

/** A POSIX shell single-quoted word. */
export const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A PowerShell single-quoted string. */
export const psQuote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The public URL, refused when it could not be pasted safely into a script. */
export function scriptUrl(publicUrl: string) {
  if (!/^https?:\/\/[A-Za-z0-9.:[\]_~%/-]+$/.test(publicUrl))
    throw new AppError(
      500,
      "public_url_invalid",
      `ASSAY_PUBLIC_URL (${publicUrl}) is not a plain http(s) URL, so the agent's install scripts cannot use it. Set it to this server's address, e.g. https://assay.example.com.`,
    );
  return publicUrl;
}

/** The one-liners an enrolment page shows, per platform. */
export function installCommands(publicUrl: string, token: string) {
  const url = scriptUrl(publicUrl);
  return {
    linux: `curl -fsSL ${shQuote(`${url}/agent/install.sh`)} | sudo sh -s -- ${shQuote(token)}`,
    macos: `curl -fsSL ${shQuote(`${url}/agent/install.sh`)} | sh -s -- ${shQuote(token)}`,
    windows: `$env:ASSAY_ENROLLMENT_TOKEN=${psQuote(token)}; irm ${psQuote(`${url}/agent/install.ps1`)} | iex`,
  };
}

/** Shared by both sh scripts: configuration folder, JSON strings, HTTP. */
/** String.raw keeps `\${`: the shell's own `${…}` is written that way in the templates below. */
const shellDollars = (script: string) => script.replaceAll("\\${", "${");

const SH_COMMON = String.raw`set -u
umask 077
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
LC_ALL=C
LANG=C
export PATH LC_ALL LANG

die() { printf 'assay: %s\n' "$*" >&2; exit "\${EXIT:-1}"; }

if [ "$(id -u)" = 0 ]; then DEFAULT_DIR=/etc/assay; else DEFAULT_DIR="\${XDG_CONFIG_HOME:-$HOME/.config}/assay"; fi
DIR="\${ASSAY_AGENT_DIR:-$DEFAULT_DIR}"

case "$(uname -s)" in
  Linux) PLATFORM=linux ;;
  Darwin) PLATFORM=macos ;;
  *) EXIT=2 die "This script supports Linux and macOS; on Windows use the PowerShell one-liner." ;;
esac

# A JSON string from standard input: backslashes, quotes and tabs escaped, other control characters dropped,
# lines joined with \n.
json_str() {
  tr -d '\000-\010\013-\037\177' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/	/\\t/g' |
    awk 'BEGIN { ORS = ""; print "\"" } { if (NR > 1) print "\\n"; print } END { print "\"" }'
}

machine_id() {
  if [ "$PLATFORM" = macos ]; then
    ioreg -rd1 -c IOPlatformExpertDevice | sed -n 's/.*"IOPlatformUUID" = "\(.*\)".*/\1/p' | head -n 1
  else
    cat /etc/machine-id 2>/dev/null || cat /var/lib/dbus/machine-id 2>/dev/null
  fi | tr -d '{}\n-' | tr 'A-F' 'a-f'
}

TMP=$(mktemp -d 2>/dev/null || mktemp -d -t assay) || die "Cannot create a temporary folder."
trap 'rm -rf "$TMP"' EXIT INT TERM

# post PATH FILE [AUTH_HEADER_FILE]: the HTTP status in $STATUS, the answer in $TMP/answer.
post() {
  if [ -n "\${3:-}" ]; then
    STATUS=$(curl -sS --max-time 120 -o "$TMP/answer" -w '%{http_code}' -H 'Content-Type: application/json' -H @"$3" --data-binary @"$2" "$URL$1") || die "Cannot reach Assay at $URL."
  else
    STATUS=$(curl -sS --max-time 120 -o "$TMP/answer" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$2" "$URL$1") || die "Cannot reach Assay at $URL."
  fi
}
detail() { sed -n 's/.*"detail":"\([^"]*\)".*/\1/p' "$TMP/answer" | head -n 1; }
`;

function linuxCollection() {
  const cat = (paths: string[]) => paths.map((p) => `run cat ${shQuote(p)}`).join("\n  ");
  return String.raw`collect_linux() {
  ${cat(["/etc/os-release", "/usr/lib/os-release", "/proc/mounts"])}
  run lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT
  run ufw status
  run firewall-cmd --state
  run nft list ruleset
  run iptables -S INPUT
  run dpkg-query -W '-f=\${Status}' unattended-upgrades
  if command -v apt-config >/dev/null 2>&1; then run apt-config dump; else list_and_cat /etc/apt/apt.conf.d; run cat /etc/apt/apt.conf; fi
  for t in dnf-automatic-install.timer dnf5-automatic.timer dnf-automatic.timer; do run systemctl is-enabled "$t"; done
  run cat /etc/dnf/automatic.conf
  run sshd -T
  run cat /etc/ssh/sshd_config
  list_and_cat /etc/ssh/sshd_config.d
  run ls -1A /usr/share/xsessions
  run ls -1A /usr/share/wayland-sessions
  run ls -1A /etc/dconf/db
  for d in /etc/dconf/db/*.d; do [ -d "$d" ] && list_and_cat "$d"; done
  if [ "$(id -u)" != 0 ]; then
    run gsettings get org.gnome.desktop.screensaver lock-enabled
    run gsettings get org.gnome.desktop.session idle-delay
  fi
}`;
}

function macCollection() {
  // The command lines the server's parser looks up (MACOS_COMMANDS), run as written.
  return `collect_macos() {\n${Object.values(MACOS_COMMANDS)
    .map((c) => `  run ${c}`)
    .join("\n")}\n}`;
}

/** The collector: reads the folder's agent.conf (URL and device token), runs the commands, posts the outputs. */
export function shCollector(publicUrl: string) {
  const url = scriptUrl(publicUrl);
  return shellDollars(String.raw`#!/bin/sh
# Assay device collector for Linux and macOS, from ${url}/agent/collector.sh.
# It runs the operating system's own commands (read-only: it changes nothing) and posts their raw outputs to
# Assay, which decides what they mean. Configuration: $ASSAY_AGENT_DIR/agent.conf (default /etc/assay as root,
# ~/.config/assay otherwise), written by install.sh.
${shellDollars(SH_COMMON)}
CONF="$DIR/agent.conf"
[ -r "$CONF" ] || EXIT=2 die "$CONF is missing: enrol this machine first (My devices in Assay shows the command)."
URL=$(sed -n 's/^url=//p' "$CONF" | head -n 1)
TOKEN=$(sed -n 's/^token=//p' "$CONF" | head -n 1)
case "$URL" in http://* | https://*) ;; *) EXIT=2 die "$CONF has no url= line." ;; esac
case "$URL" in *[!A-Za-z0-9.:/_~%[\]-]*) EXIT=2 die "The url in $CONF is not a plain URL." ;; esac
case "$TOKEN" in assay_dev_*) ;; *) EXIT=2 die "$CONF has no device token: enrol this machine again." ;; esac
case "$TOKEN" in *[!A-Za-z0-9_-]*) EXIT=2 die "The device token in $CONF is malformed: enrol this machine again." ;; esac

if command -v timeout >/dev/null 2>&1; then TIMEOUT="timeout 10"; else TIMEOUT=; fi
: >"$TMP/outputs"
SEP=
record() {
  {
    printf '%s{"name":' "$SEP"; printf '%s' "$1" | json_str
    printf ',"exit":%s,"stdout":' "$2"; head -c 200000 "$3" | json_str
    printf ',"stderr":'; head -n 20 "$4" | cut -c 1-400 | json_str
    printf '}'
  } >>"$TMP/outputs"
  SEP=,
}
# run COMMAND ARGS...: runs it (10 s at most) and records its exit code and outputs under its command line.
run() {
  if command -v "$1" >/dev/null 2>&1; then
    $TIMEOUT "$@" >"$TMP/o" 2>"$TMP/e" </dev/null
    rc=$?
  else
    : >"$TMP/o"
    printf '%s: command not found\n' "$1" >"$TMP/e"
    rc=127
  fi
  record "$*" "$rc" "$TMP/o" "$TMP/e"
}
list_and_cat() {
  run ls -1A "$1"
  if [ -d "$1" ]; then for f in "$1"/*; do [ -f "$f" ] && run cat "$f"; done; fi
  return 0
}

${shellDollars(linuxCollection())}

${macCollection()}

"collect_$PLATFORM"
MID=$(machine_id)
IS_ROOT=false
[ "$(id -u)" = 0 ] && IS_ROOT=true
{
  printf '{"schema":1,"platform":"%s","collector":"${SH_COLLECTOR}","hostname":' "$PLATFORM"
  uname -n | json_str
  printf ',"machine_id":'; printf '%s' "$MID" | json_str
  printf ',"kernel":'; uname -r | json_str
  printf ',"user":'; id -un | json_str
  printf ',"is_root":%s,"outputs":[' "$IS_ROOT"
  cat "$TMP/outputs"
  printf ']}'
} >"$TMP/body"
printf 'Authorization: Bearer %s\n' "$TOKEN" >"$TMP/auth"
post /api/v1/agent/collect "$TMP/body" "$TMP/auth"
case "$STATUS" in
  200) ;;
  401) EXIT=3 die "Assay refused the device token: $(detail)" ;;
  *) die "Assay answered $STATUS: $(detail)" ;;
esac
FAILING=$(grep -o '"status":"fail"' "$TMP/answer" | wc -l | tr -d ' ')
printf 'Reported to Assay (%s): %s failing check(s). See My devices in Assay.\n' "$URL" "$FAILING"
`);
}

/** The installer: `curl -fsSL <url>/agent/install.sh | sh -s -- <enrollment token>`. */
export function shInstaller(publicUrl: string) {
  const url = scriptUrl(publicUrl);
  return shellDollars(String.raw`#!/bin/sh
# Assay device enrolment for Linux and macOS, from ${url}/agent/install.sh.
# Usage: curl -fsSL ${url}/agent/install.sh | sh -s -- <enrolment token>
# It installs the collector, enrols this machine, reports once and schedules an hourly report: a systemd timer
# (system timer as root, user timer otherwise), cron where there is no systemd, a launchd agent on macOS.
# ASSAY_AGENT_DIR chooses the folder; ASSAY_AGENT_SCHEDULE=systemd|cron|launchd|none the schedule.
${shellDollars(SH_COMMON)}
URL=${shQuote(url)}
TOKEN="\${1:-\${ASSAY_ENROLLMENT_TOKEN:-}}"
[ -n "$TOKEN" ] || EXIT=2 die "Give the enrolment token: curl -fsSL $URL/agent/install.sh | sh -s -- assay_enr_…"
printf '%s\n' "$TOKEN" | grep -Eq '${ENROLLMENT_TOKEN_PATTERN}' ||
  EXIT=2 die "That is not an Assay enrolment token (assay_enr_ and letters, digits, - or _). Copy it again from Assay."
command -v curl >/dev/null 2>&1 || EXIT=2 die "curl is needed: install it and run the command again."

mkdir -p "$DIR" && chmod 700 "$DIR" || die "Cannot create $DIR."
curl -fsS --max-time 60 -o "$DIR/assay-collector.sh.new" "$URL/agent/collector.sh" || die "Cannot download the collector from $URL."
mv "$DIR/assay-collector.sh.new" "$DIR/assay-collector.sh" && chmod 700 "$DIR/assay-collector.sh"

MID=$(machine_id)
printf '%s\n' "$MID" | grep -Eq '^[0-9a-f]{32}$' ||
  EXIT=2 die "This machine has no usable machine id (Linux: run systemd-machine-id-setup as root)."
if [ "$PLATFORM" = macos ]; then
  OS="macOS $(sw_vers -productVersion 2>/dev/null)"
else
  OS=$( (. /etc/os-release 2>/dev/null && printf '%s' "\${PRETTY_NAME:-Linux}") || printf Linux)
fi
{
  printf '{"token":'; printf '%s' "$TOKEN" | json_str
  printf ',"hostname":'; uname -n | json_str
  printf ',"machineId":"%s","platform":"%s","agentVersion":"${SH_COLLECTOR}","os":' "$MID" "$PLATFORM"
  printf '%s' "$OS" | cut -c 1-200 | json_str
  printf '}'
} >"$TMP/enroll"
post /api/v1/agent/enroll "$TMP/enroll"
[ "$STATUS" = 201 ] || EXIT=3 die "Enrolment refused ($STATUS): $(detail)"
DEVICE_TOKEN=$(sed -n 's/.*"deviceToken":"\(assay_dev_[A-Za-z0-9_-]*\)".*/\1/p' "$TMP/answer")
[ -n "$DEVICE_TOKEN" ] || die "Assay's answer had no device token."
printf 'url=%s\ntoken=%s\n' "$URL" "$DEVICE_TOKEN" >"$DIR/agent.conf.new" && mv "$DIR/agent.conf.new" "$DIR/agent.conf"
chmod 600 "$DIR/agent.conf"
echo "Enrolled $(uname -n) in Assay."

ASSAY_AGENT_DIR="$DIR" sh "$DIR/assay-collector.sh" || echo "assay: the first report failed; the schedule will try again." >&2

COLLECTOR="$DIR/assay-collector.sh"
SCHEDULE="\${ASSAY_AGENT_SCHEDULE:-auto}"
if [ "$SCHEDULE" = auto ]; then
  if [ "$PLATFORM" = macos ]; then SCHEDULE=launchd
  elif [ -d /run/systemd/system ] && { [ "$(id -u)" = 0 ] || systemctl --user show-environment >/dev/null 2>&1; }; then SCHEDULE=systemd
  else SCHEDULE=cron; fi
fi
case "$SCHEDULE" in
  none) echo "No schedule installed (ASSAY_AGENT_SCHEDULE=none): run sh $COLLECTOR to report." ;;
  systemd)
    if [ "$(id -u)" = 0 ]; then UNITS=/etc/systemd/system; CTL="systemctl"; else UNITS="\${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"; CTL="systemctl --user"; fi
    mkdir -p "$UNITS"
    ESCAPED=$(printf '%s' "$COLLECTOR" | sed 's/%/%%/g; s/"/\\"/g')
    printf '[Unit]\nDescription=Assay device report\nWants=network-online.target\nAfter=network-online.target\n\n[Service]\nType=oneshot\nEnvironment="ASSAY_AGENT_DIR=%s"\nExecStart=/bin/sh "%s"\n' "$(printf '%s' "$DIR" | sed 's/%/%%/g; s/"/\\"/g')" "$ESCAPED" >"$UNITS/assay-collector.service"
    printf '[Unit]\nDescription=Assay device report every hour\n\n[Timer]\nOnBootSec=5min\nOnUnitActiveSec=1h\nRandomizedDelaySec=5min\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n' >"$UNITS/assay-collector.timer"
    $CTL daemon-reload && $CTL enable --now assay-collector.timer && echo "Installed the systemd timer assay-collector.timer ($CTL)." ;;
  cron)
    MIN=$(awk 'BEGIN { srand(); print int(rand() * 60) }')
    LINE="$MIN * * * * ASSAY_AGENT_DIR=$(printf '%s' "$DIR" | sed "s/'/'\\\\''/g; s/^/'/; s/$/'/") sh $(printf '%s' "$COLLECTOR" | sed "s/'/'\\\\''/g; s/^/'/; s/$/'/") >/dev/null 2>&1 # assay-collector"
    { crontab -l 2>/dev/null | grep -v '# assay-collector$'; printf '%s\n' "$LINE"; } | crontab - && echo "Installed an hourly cron job." ;;
  launchd)
    if [ "$(id -u)" = 0 ]; then PLIST=/Library/LaunchDaemons/com.assay.collector.plist; DOMAIN=system; else PLIST="$HOME/Library/LaunchAgents/com.assay.collector.plist"; DOMAIN="gui/$(id -u)"; fi
    mkdir -p "$(dirname "$PLIST")"
    XML_COLLECTOR=$(printf '%s' "$COLLECTOR" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')
    XML_DIR=$(printf '%s' "$DIR" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict>\n<key>Label</key><string>com.assay.collector</string>\n<key>ProgramArguments</key><array><string>/bin/sh</string><string>%s</string></array>\n<key>EnvironmentVariables</key><dict><key>ASSAY_AGENT_DIR</key><string>%s</string></dict>\n<key>StartInterval</key><integer>3600</integer>\n<key>RunAtLoad</key><true/>\n</dict></plist>\n' "$XML_COLLECTOR" "$XML_DIR" >"$PLIST"
    launchctl bootout "$DOMAIN" "$PLIST" >/dev/null 2>&1 || true
    launchctl bootstrap "$DOMAIN" "$PLIST" 2>/dev/null || launchctl load -w "$PLIST"
    echo "Installed the launchd job com.assay.collector ($PLIST)." ;;
  *) EXIT=2 die "ASSAY_AGENT_SCHEDULE must be systemd, cron, launchd or none." ;;
esac
`);
}

/** `$env:ASSAY_ENROLLMENT_TOKEN='…'; irm <url>/agent/install.ps1 | iex` in an administrator PowerShell. */
export function psInstaller(publicUrl: string) {
  const url = scriptUrl(publicUrl);
  return `# Assay device enrolment for Windows, from ${url}/agent/install.ps1.
# Usage (PowerShell as administrator): $env:ASSAY_ENROLLMENT_TOKEN='assay_enr_…'; irm ${url}/agent/install.ps1 | iex
# Installs the collector in %ProgramData%\\Assay, enrols this computer, reports once and registers the scheduled
# task "Assay collector" (hourly, as SYSTEM).
$ErrorActionPreference = 'Stop'
$AssayUrl = ${psQuote(url)}
$Token = $env:ASSAY_ENROLLMENT_TOKEN
if (-not $Token -or $Token -cnotmatch ${psQuote(ENROLLMENT_TOKEN_PATTERN)}) {
  throw 'Set the enrolment token first: $env:ASSAY_ENROLLMENT_TOKEN=''assay_enr_…'' (copy it again from Assay).'
}
$me = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $me.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  throw 'Run PowerShell as administrator: the collector runs as SYSTEM to read BitLocker and Defender.'
}
$Dir = Join-Path $env:ProgramData 'Assay'
New-Item -ItemType Directory -Force -Path $Dir | Out-Null
& icacls.exe $Dir /inheritance:r /grant:r 'SYSTEM:(OI)(CI)F' 'Administrators:(OI)(CI)F' | Out-Null
$Collector = Join-Path $Dir 'assay-collector.ps1'
Invoke-RestMethod -Uri "$AssayUrl/agent/collector.ps1" -OutFile $Collector
$machineId = ((Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Cryptography').MachineGuid -replace '[{}-]', '').ToLower()
$os = Get-CimInstance Win32_OperatingSystem
$body = @{ token = $Token; hostname = $env:COMPUTERNAME; machineId = $machineId; platform = 'windows'; os = [string]$os.Caption; agentVersion = '${PS_COLLECTOR}' } | ConvertTo-Json
$enrolled = Invoke-RestMethod -Method Post -Uri "$AssayUrl/api/v1/agent/enroll" -ContentType 'application/json; charset=utf-8' -Body ([Text.Encoding]::UTF8.GetBytes($body))
if ($enrolled.deviceToken -cnotmatch '^assay_dev_[A-Za-z0-9_-]+$') { throw "Assay's answer had no device token." }
@{ url = $AssayUrl; token = $enrolled.deviceToken } | ConvertTo-Json | Set-Content -Path (Join-Path $Dir 'agent.json') -Encoding UTF8
Remove-Item Env:\\ASSAY_ENROLLMENT_TOKEN
Write-Host "Enrolled $env:COMPUTERNAME in Assay."
$action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument ('-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "{0}"' -f $Collector)
$trigger = New-ScheduledTaskTrigger -Once -At (Get-Date).AddMinutes(5) -RepetitionInterval (New-TimeSpan -Hours 1)
$principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
Register-ScheduledTask -TaskName 'Assay collector' -Action $action -Trigger $trigger -Principal $principal -Force | Out-Null
Write-Host 'Registered the scheduled task "Assay collector" (hourly, as SYSTEM).'
& powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $Collector
`;
}

export function psCollector(publicUrl: string) {
  const url = scriptUrl(publicUrl);
  const c = WINDOWS_COMMANDS;
  return `# Assay device collector for Windows, from ${url}/agent/collector.ps1.
# Runs Windows' own commands (read-only: it changes nothing) and posts their raw outputs to Assay, which decides
# what they mean. Configuration: %ProgramData%\\Assay\\agent.json, written by install.ps1.
$ErrorActionPreference = 'Continue'
$Dir = Join-Path $env:ProgramData 'Assay'
$conf = Get-Content -Raw -Path (Join-Path $Dir 'agent.json') | ConvertFrom-Json
if ($conf.token -cnotmatch '^assay_dev_[A-Za-z0-9_-]+$') { throw 'agent.json has no device token: enrol this computer again.' }
$outputs = New-Object System.Collections.ArrayList
function Record([string]$Name, [scriptblock]$Block) {
  $stdout = ''; $stderr = ''; $exit = 0
  try {
    $global:LASTEXITCODE = 0
    $result = & $Block
    if ($result -is [string]) { $stdout = $result } elseif ($null -ne $result) { $stdout = ConvertTo-Json -InputObject $result -Depth 4 -Compress }
    if ($LASTEXITCODE) { $exit = $LASTEXITCODE }
  } catch { $exit = 1; $stderr = $_.Exception.Message }
  [void]$outputs.Add(@{ name = $Name; exit = [int]$exit; stdout = [string]$stdout; stderr = [string]$stderr })
}
# The signed-in user's settings (the task runs as SYSTEM, whose HKCU is not the user's).
$userHive = 'HKCU:'
$signedIn = (Get-CimInstance Win32_ComputerSystem).UserName
if ($signedIn) {
  try { $userHive = 'Registry::HKEY_USERS\\' + (New-Object Security.Principal.NTAccount($signedIn)).Translate([Security.Principal.SecurityIdentifier]).Value } catch { }
}
Record ${psQuote(c.os)} { Get-CimInstance Win32_OperatingSystem | Select-Object Caption, Version, BuildNumber, ProductType }
Record ${psQuote(c.bitlocker)} { Get-BitLockerVolume -MountPoint 'C:' -ErrorAction Stop | Select-Object MountPoint, @{ n = 'VolumeStatus'; e = { "$($_.VolumeStatus)" } }, @{ n = 'ProtectionStatus'; e = { "$($_.ProtectionStatus)" } }, EncryptionPercentage }
Record ${psQuote(c.manageBde)} { & manage-bde.exe -status C: 2>&1 | Out-String }
Record ${psQuote(c.defender)} { Get-MpComputerStatus -ErrorAction Stop | Select-Object AMServiceEnabled, AntivirusEnabled, RealTimeProtectionEnabled, AntivirusSignatureAge }
Record ${psQuote(c.firewall)} { @(Get-NetFirewallProfile -ErrorAction Stop | Select-Object Name, @{ n = 'Enabled'; e = { "$($_.Enabled)" } }) }
Record ${psQuote(c.updatePolicy)} { Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU' -ErrorAction Stop | Select-Object NoAutoUpdate, AUOptions }
Record ${psQuote(c.inactivity)} { Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System' -ErrorAction Stop | Select-Object InactivityTimeoutSecs }
Record ${psQuote(c.screenSaverPolicy)} { Get-ItemProperty -Path "$userHive\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop" -ErrorAction Stop | Select-Object ScreenSaveActive, ScreenSaverIsSecure, ScreenSaveTimeOut }
Record ${psQuote(c.screenSaver)} { Get-ItemProperty -Path "$userHive\\Control Panel\\Desktop" -ErrorAction Stop | Select-Object ScreenSaveActive, ScreenSaverIsSecure, ScreenSaveTimeOut }
$machineId = ((Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Cryptography').MachineGuid -replace '[{}-]', '').ToLower()
$body = @{ schema = 1; platform = 'windows'; collector = '${PS_COLLECTOR}'; hostname = $env:COMPUTERNAME; machine_id = $machineId; kernel = [Environment]::OSVersion.Version.ToString(); user = [Environment]::UserName; is_root = $true; outputs = $outputs } | ConvertTo-Json -Depth 5 -Compress
$answer = Invoke-RestMethod -Method Post -Uri "$($conf.url)/api/v1/agent/collect" -Headers @{ Authorization = "Bearer $($conf.token)" } -ContentType 'application/json; charset=utf-8' -Body ([Text.Encoding]::UTF8.GetBytes($body))
$failing = @($answer.checks | Where-Object { $_.status -eq 'fail' }).Count
Write-Host "Reported to Assay ($($conf.url)): $failing failing check(s)."
`;
}
