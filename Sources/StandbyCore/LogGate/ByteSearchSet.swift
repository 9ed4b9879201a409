import CByteSearch

/// Many byte phrases found in one pass over a region (in C: a scan for the
/// ending they all share, as the labels `ERROR:  `, `DETAIL:  `, ... do;
/// a sample every few bytes for long phrases, as the catalogue's are; else
/// Wu-Manber): a log gate looks for dozens of phrases in every
/// slice of a region that may be gigabytes, and one memmem pass per phrase
/// read each slice dozens of times. Immutable once made; searching only
/// reads it.
final class ByteSearchSet: @unchecked Sendable {
    private let set: OpaquePointer

    /// Nil when there is no phrase or one is shorter than two bytes.
    init?(_ phrases: [[UInt8]]) {
        let lengths = phrases.map(\.count)
        guard !phrases.isEmpty, lengths.allSatisfy({ $0 >= 2 }) else { return nil }
        // The C side copies the phrases; the pointers need only outlive the call.
        let copies = phrases.map { phrase -> UnsafeMutableRawPointer in
            let copy = UnsafeMutableRawPointer.allocate(byteCount: phrase.count, alignment: 1)
            phrase.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: phrase.count) }
            return copy
        }
        defer { copies.forEach { $0.deallocate() } }
        let made = copies.map { UnsafeRawPointer($0) as UnsafeRawPointer? }.withUnsafeBufferPointer { pointers in
            lengths.withUnsafeBufferPointer { cbytesearch_set_new(pointers.baseAddress, $0.baseAddress, phrases.count) }
        }
        guard let made else { return nil }
        set = made
    }

    deinit { cbytesearch_set_free(set) }

    /// Offsets in `region` at which some phrase starts, ascending, each once.
    func offsets(in region: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = region.baseAddress else { return [] }
        var capacity = 256
        while true {
            var found = 0
            let offsets = [Int](unsafeUninitializedCapacity: capacity) { buffer, count in
                found = cbytesearch_set_find(set, base, region.count, buffer.baseAddress, capacity)
                count = min(found, capacity)
            }
            if found <= capacity { return offsets }
            // Rare (a region full of hits): searched again with room for all.
            capacity = found
        }
    }
}
