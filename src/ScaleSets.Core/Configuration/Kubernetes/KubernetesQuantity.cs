using System.Globalization;

namespace ScaleSets.Configuration.Kubernetes;

/// <summary>
/// Parses a Kubernetes resource quantity (<c>500m</c>, <c>2</c>, <c>1.5k</c>, <c>128Mi</c>, <c>1e3</c>) to its value
/// in base units: <c>500m</c> is 0.5 and <c>128Mi</c> is 134217728.
/// </summary>
internal static class KubernetesQuantity
{
    private static readonly (string Suffix, double Factor)[] Suffixes =
    [
        ("Ki", 1024d), ("Mi", 1024d * 1024), ("Gi", 1024d * 1024 * 1024), ("Ti", 1024d * 1024 * 1024 * 1024),
        ("Pi", 1024d * 1024 * 1024 * 1024 * 1024), ("Ei", 1024d * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ];

    public static bool TryParse(string text, out double value)
    {
        value = 0;
        text = text.Trim();
        if (text.Length == 0 || text.Length > 64)
        {
            return false;
        }

        var factor = 1d;
        foreach (var (suffix, scale) in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) && text.Length > suffix.Length && char.IsAsciiDigit(text[^(suffix.Length + 1)]))
            {
                factor = scale;
                text = text[..^suffix.Length];
                break;
            }
        }

        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = number * factor;
        return double.IsFinite(value);
    }
}
