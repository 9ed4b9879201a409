import Foundation

/// `SafeFileWriter`'s guarantees on a host over ssh, kept by one shell
/// script run there: check the file still holds what the change was
/// planned against, keep a backup beside it, write a temporary file with
/// the old owner and mode, check again, rename. The expected state and the
/// new content arrive on standard input, so a .pgpass line never reaches
/// argv on either host.
struct RemoteSafeWrite {
    let host: SshHost

    // $1 path, $2 backup stamp, $3 write|remove, $4 new owner, $5 new group,
    // $6 new mode, $7 forced mode. stdin: the expected `cksum` line (or
    // "absent"), then the content.
    static let script = #"""
set -u
p=$1 stamp=$2 op=$3 nowner=$4 ngroup=$5 nperm=$6 fperm=$7
real=$(readlink -f -- "$p") || real=$p
[ -n "$real" ] || real=$p
echo "path=$real"
IFS= read -r want || { echo "no expected state on input" >&2; exit 90; }
state() {
  if [ -e "$real" ]; then
    [ -f "$real" ] || { echo "not a regular file" >&2; return 91; }
    cksum < "$real"
  else echo absent; fi
}
have=$(state) || exit $?
[ "$have" = "$want" ] || exit 92
dir=$(dirname -- "$real") base=$(basename -- "$real") b= tmp=
fail() { [ -n "$tmp" ] && rm -f -- "$tmp"; [ -n "$b" ] && [ "$op" = write ] && rm -f -- "$b"; exit "$1"; }
if [ -e "$real" ]; then
  b="$real.standby-wizard.$stamp" n=1
  until ln -- "$real" "$b" 2>/dev/null || { [ ! -e "$b" ] && cp -p -- "$real" "$b"; }; do
    n=$((n + 1)); [ "$n" -lt 1000 ] || exit 93
    b="$real.standby-wizard.$stamp-$n"
  done
fi
if [ "$op" = remove ]; then
  [ -n "$b" ] && { rm -f -- "$real" || exit 94; }
  sync -- "$dir" 2>/dev/null
  echo "backup=$b"; exit 0
fi
tmp=$(mktemp -- "$dir/.$base.standby-wizard-tmp-XXXXXX") || fail 95
cat > "$tmp" || { echo "cannot write the temporary file" >&2; fail 96; }
if [ -e "$real" ]; then
  chown --reference="$real" -- "$tmp" && chmod --reference="$real" -- "$tmp" || fail 97
else
  if [ -n "$nowner" ]; then chown "$nowner:$ngroup" -- "$tmp" || fail 97; fi
  chmod "$nperm" -- "$tmp" || fail 97
fi
if [ -n "$fperm" ]; then chmod "$fperm" -- "$tmp" || fail 97; fi
sync -- "$tmp" 2>/dev/null || sync
have=$(state) || fail $?
[ "$have" = "$want" ] || fail 92
if [ "$want" = absent ]; then
  ln -- "$tmp" "$real" || fail 98
  rm -f -- "$tmp"
else
  mv -f -- "$tmp" "$real" || fail 98
fi
sync -- "$dir" 2>/dev/null
echo "backup=$b"
"""#

    func write(_ request: SafeWrite, at date: Date) throws -> SafeWriteReceipt {
        let stamp = LocalTime.format(date, "%Y%m%d-%H%M%S")
        let expected = request.expected.map(PosixChecksum.cksumLine) ?? "absent"
        let args = [request.path, stamp, request.content == nil ? "remove" : "write",
                    request.newFileOwner.map(String.init) ?? "", request.newFileGroup.map(String.init) ?? "",
                    String(request.newFilePermissions, radix: 8), request.forcedPermissions.map { String($0, radix: 8) } ?? ""]
        let input = Array((expected + "\n").utf8) + (request.content ?? [])
        let output = try host.runChecked(["sh", "-c", Self.script, "sh"] + args, input: input)
        let lines = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        func value(_ key: String) -> String? { lines.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) } }
        let path = value("path") ?? request.path
        switch output.exitStatus {
        case 0:
            let backup = value("backup").flatMap { $0.isEmpty ? nil : $0 }
            return SafeWriteReceipt(path: path, backupPath: backup, created: request.content != nil && request.expected == nil,
                                    removed: request.content == nil && backup != nil)
        case 92:
            throw SafeWriteError.changedOnDisk(path: path, current: try? host.readFileBytes(path))
        case 91:
            throw SafeWriteError.notRegularFile(path)
        default:
            let said = String(decoding: output.stderr, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init)
            throw SafeWriteError.failed(path: path, reason: "on \(host.connection.destination.hostName): \(said ?? "the write failed (status \(output.exitStatus))"); nothing was changed")
        }
    }
}

/// POSIX `cksum`: CRC-32 of the bytes and their length, then the length.
/// What the remote script compares a file with, so the expected content
/// itself never travels.
enum PosixChecksum {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index) << 24
        for _ in 0..<8 { value = value & 0x8000_0000 != 0 ? (value << 1) ^ 0x04C1_1DB7 : value << 1 }
        return value
    }

    static func cksumLine(_ bytes: [UInt8]) -> String {
        var crc: UInt32 = 0
        for byte in bytes { crc = (crc << 8) ^ table[Int((crc >> 24) ^ UInt32(byte))] }
        var length = bytes.count
        while length != 0 {
            crc = (crc << 8) ^ table[Int((crc >> 24) ^ UInt32(length & 0xFF))]
            length >>= 8
        }
        return "\(~crc) \(bytes.count)"
    }
}
