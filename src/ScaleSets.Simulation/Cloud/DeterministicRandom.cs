namespace ScaleSets.Simulation.Cloud;

/// <summary>
/// Random draws that depend only on the seed and what is drawn for (an instance, an operation, its attempt number), not on
/// the order concurrent calls arrive in, so a simulation repeats exactly for a seed. SplitMix64 over FNV-1a keys.
/// </summary>
internal static class DeterministicRandom
{
    public static double Unit(int seed, string key, int purpose, long counter)
    {
        var h = 14695981039346656037UL;
        foreach (var c in key)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        var x = Mix(h ^ Mix((ulong)(uint)seed + ((ulong)(uint)purpose << 32)) ^ Mix((ulong)counter + 0x9E3779B97F4A7C15UL));
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
