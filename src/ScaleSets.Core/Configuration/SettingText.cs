using System.Globalization;
using System.Text;

namespace ScaleSets.Configuration;

/// <summary>
/// Decodes a setting file strictly: UTF-8 (with or without a byte order mark), or UTF-16 with its byte order mark.
/// A lenient decoder turns bad bytes into U+FFFD, so a corrupted file would read as "valid"; here it is refused with
/// the byte offset and line of the first bad byte.
/// </summary>
internal static class SettingText
{
    /// <summary>The largest setting file read, far above any real one (Azure allows 20 profiles of 10 rules).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    public static bool TryDecode(byte[] bytes, out string text, out SettingProblem? problem)
    {
        problem = null;
        text = "";
        if (bytes.Length > MaxBytes)
        {
            problem = new SettingProblem("", string.Create(CultureInfo.InvariantCulture, $"the file holds {bytes.Length} bytes; a setting file may hold at most {MaxBytes} bytes"), SettingProblemSeverity.Error);
            return false;
        }

        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            var encoding = new UnicodeEncoding(bigEndian: bytes[0] == 0xFE, byteOrderMark: true, throwOnInvalidBytes: true);
            try
            {
                text = encoding.GetString(bytes, 2, bytes.Length - 2);
                return true;
            }
            catch (DecoderFallbackException e)
            {
                problem = Invalid("UTF-16", e.Index + 2, bytes);
                return false;
            }
        }

        var start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        var span = bytes.AsSpan(start);
        var offset = 0;
        while (offset < span.Length)
        {
            if (System.Buffers.OperationStatus.Done != System.Text.Rune.DecodeFromUtf8(span[offset..], out _, out var consumed))
            {
                problem = Invalid("UTF-8", start + offset, bytes);
                return false;
            }

            offset += consumed;
        }

        text = Encoding.UTF8.GetString(span);
        return true;
    }

    private static SettingProblem Invalid(string encoding, int offset, byte[] bytes)
    {
        var line = 1 + bytes.AsSpan(0, Math.Min(offset, bytes.Length)).Count((byte)'\n');
        var value = offset < bytes.Length ? string.Create(CultureInfo.InvariantCulture, $" 0x{bytes[offset]:X2}") : "";
        return new SettingProblem("", string.Create(CultureInfo.InvariantCulture, $"the file is not valid {encoding}: invalid byte{value} at byte offset {offset}; save it as UTF-8"), SettingProblemSeverity.Error)
        {
            Line = line,
        };
    }
}
