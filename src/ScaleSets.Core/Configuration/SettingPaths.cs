namespace ScaleSets.Configuration;

/// <summary>
/// Puts validation problems where they are in the document read: a validator's model path
/// (<c>$.profiles[1].capacity</c>) becomes the document's (<c>$.resources[0].properties.profiles[1].capacity</c>, or
/// <c>$.spec.maxReplicas</c> in a manifest), so that every message of one file uses one path style; and leaves out the
/// follow-ups of a value that could not be read.
/// </summary>
internal static class SettingPaths
{
    /// <summary>Returns the document path of <paramref name="modelPath"/> by the longest matching prefix of <paramref name="map"/>.</summary>
    public static string ToDocument(string modelPath, IReadOnlyList<KeyValuePair<string, string>> map)
    {
        KeyValuePair<string, string>? best = null;
        foreach (var pair in map)
        {
            if (IsAtOrUnder(modelPath, pair.Key) && (best is null || pair.Key.Length > best.Value.Key.Length))
            {
                best = pair;
            }
        }

        return best is { } match ? match.Value + modelPath[match.Key.Length..] : modelPath;
    }

    /// <summary>
    /// Returns whether a validation problem at <paramref name="documentPath"/> only follows from a value that could not be
    /// read (the model kept its default there): it is at or inside that value, or inside the object that holds it (other
    /// than the setting itself), where the default is compared with its neighbours.
    /// </summary>
    public static bool IsFollowUp(string documentPath, IReadOnlyList<string> failedPaths, string settingPath)
    {
        foreach (var failed in failedPaths)
        {
            if (failed.Length == 0)
            {
                continue;
            }

            if (IsAtOrUnder(documentPath, failed))
            {
                return true;
            }

            var parent = Parent(failed);
            if (parent.Length > settingPath.Length && IsAtOrUnder(documentPath, parent))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Moves a problem inside the value a template expression gave (a profile list from <c>variables(…)</c>) to the
    /// expression, which is where it is in the document, and says in the message where inside the value it is.
    /// </summary>
    public static SettingProblem AtExpression(SettingProblem problem, IReadOnlyList<KeyValuePair<string, string>> expressionRoots)
    {
        KeyValuePair<string, string>? outermost = null;
        foreach (var root in expressionRoots)
        {
            if (problem.Path.Length > root.Key.Length && IsAtOrUnder(problem.Path, root.Key)
                && (outermost is null || root.Key.Length < outermost.Value.Key.Length))
            {
                outermost = root;
            }
        }

        if (outermost is not { } found)
        {
            return problem;
        }

        var inside = problem.Path[found.Key.Length..];
        var expression = found.Value.Length <= 60 ? found.Value : string.Concat(found.Value.AsSpan(0, 57), "...");
        return problem with { Path = found.Key, Message = $"{problem.Message} (at {inside.TrimStart('.')} in the value of '{expression}')" };
    }

    public static bool IsAtOrUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal)
        && (path.Length == prefix.Length || path[prefix.Length] is '.' or '[');

    private static string Parent(string path)
    {
        // The last '.' or '[' outside a quoted name ends the parent.
        var quoted = false;
        var cut = -1;
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '\'' && (i == 0 || path[i - 1] != '\\'))
            {
                quoted = !quoted;
            }
            else if (!quoted && path[i] is '.' or '[')
            {
                cut = i;
            }
        }

        return cut <= 0 ? "$" : path[..cut];
    }
}
