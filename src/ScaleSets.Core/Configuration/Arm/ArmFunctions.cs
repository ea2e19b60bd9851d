using System.Globalization;
using System.Text.Json;

namespace ScaleSets.Configuration.Arm;

/// <summary>
/// The template functions an autoscale setting's template uses: parameters and variables, string and array functions,
/// comparisons and logic, and <c>resourceId</c>. Functions whose value only Azure knows (<c>resourceGroup()</c>,
/// <c>subscription()</c>, <c>reference()</c>, <c>uniqueString()</c>, …) give an <see cref="ArmUnknown"/>, which
/// composes into strings as a placeholder and is reported where a value is needed.
/// </summary>
internal static class ArmFunctions
{
    // Functions whose result depends on the deployment: known only to Azure.
    private static readonly string[] DeploymentFunctions =
    [
        "resourceGroup", "subscription", "deployment", "environment", "tenant", "managementGroup", "reference", "uniqueString",
        "guid", "newGuid", "utcNow", "pickZones", "deployer", "listKeys", "listSecrets", "listAccountSas",
        "listConnectionStrings", "resourceInfo", "managementGroupResourceId", "tenantResourceId",
    ];

    public static object? Call(string name, List<object?> args, ArmScope scope)
    {
        var result = CallUnchecked(name, args, scope);
        ArmValue.CheckSize(result);
        return result;
    }

    private static object? CallUnchecked(string name, List<object?> args, ArmScope scope)
    {
        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArmExpressionException($"user-defined function '{name}' is not supported; replace it with its value");
        }

        if (DeploymentFunctions.Any(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase))
            || name.StartsWith("list", StringComparison.OrdinalIgnoreCase))
        {
            return ArmUnknown.Of(name + "(" + string.Join(", ", args.Select(Quote)) + ")");
        }

        switch (name.ToLowerInvariant())
        {
            case "parameters":
                return scope.Parameter(StringArg(name, args, 0, 1));
            case "variables":
                return scope.Variable(StringArg(name, args, 0, 1));
            case "copyindex":
                throw new ArmExpressionException("copy loops are not supported: write the resource or property out once per copy");
            case "resourceid":
                return ResourceId(args, scoped: true);
            case "subscriptionresourceid":
                return ResourceId(args, scoped: false);
            case "extensionresourceid":
                Count(name, args, 3, int.MaxValue);
                return Compose(args[0], "/providers/", ResourcePath(args.Skip(1).ToList(), name));
        }

        // Every other function needs known arguments; arrays and objects may carry unknown parts along, except into a comparison.
        var lower = name.ToLowerInvariant();
        var carried = lower is "createobject" or "createarray" or "array" || (lower == "concat" && args.Any(a => a is List<object?>));
        var unknown = carried ? null
            : lower is "equals" or "contains" ? args.Select(ArmValue.FindUnknown).FirstOrDefault(u => u is not null)
            : args.OfType<ArmUnknown>().FirstOrDefault();
        if (unknown is not null)
        {
            return ComposesStrings(name) ? Compose(args.ToArray()) : unknown;
        }

        return name.ToLowerInvariant() switch
        {
            "concat" => Concat(args),
            "format" => Format(args),
            "string" => One(name, args) is string text ? text : ArmValue.Text(args[0]),
            "int" => ToInt(One(name, args)),
            "float" => ToDouble(One(name, args)),
            "bool" => ToBool(One(name, args)),
            "json" => Json(StringArg(name, args, 0, 1)),
            "tolower" => StringArg(name, args, 0, 1).ToLowerInvariant(),
            "toupper" => StringArg(name, args, 0, 1).ToUpperInvariant(),
            "trim" => StringArg(name, args, 0, 1).Trim(),
            "replace" => StringArg(name, args, 0, 3).Replace(StringArg(name, args, 1, 3), StringArg(name, args, 2, 3), StringComparison.Ordinal),
            "substring" => Substring(args),
            "startswith" => StringArg(name, args, 0, 2).StartsWith(StringArg(name, args, 1, 2), StringComparison.OrdinalIgnoreCase),
            "endswith" => StringArg(name, args, 0, 2).EndsWith(StringArg(name, args, 1, 2), StringComparison.OrdinalIgnoreCase),
            "indexof" => (long)StringArg(name, args, 0, 2).IndexOf(StringArg(name, args, 1, 2), StringComparison.OrdinalIgnoreCase),
            "lastindexof" => (long)StringArg(name, args, 0, 2).LastIndexOf(StringArg(name, args, 1, 2), StringComparison.OrdinalIgnoreCase),
            "split" => Split(args),
            "join" => Join(args),
            "padleft" => PadLeft(args),
            "length" => Length(One(name, args)),
            "empty" => Length(One(name, args)) == 0,
            "contains" => Contains(args),
            "first" => Element(One(name, args), first: true),
            "last" => Element(One(name, args), first: false),
            "take" => Slice(args, take: true),
            "skip" => Slice(args, take: false),
            "createarray" or "array" => args.ToList(),
            "createobject" => CreateObject(args),
            "coalesce" => args.FirstOrDefault(a => a is not null),
            "union" => Union(args),
            "equals" => Count(name, args, 2, 2) && Equal(args[0], args[1]),
            "not" => !ToBoolStrict(name, One(name, args)),
            "and" => Count(name, args, 2, int.MaxValue) && args.All(a => ToBoolStrict(name, a)),
            "or" => Count(name, args, 2, int.MaxValue) && args.Any(a => ToBoolStrict(name, a)),
            "true" => Count(name, args, 0, 0),
            "false" => !Count(name, args, 0, 0),
            "null" => Count(name, args, 0, 0) ? null : null,
            "less" => Compare(name, args) < 0,
            "lessorequals" => Compare(name, args) <= 0,
            "greater" => Compare(name, args) > 0,
            "greaterorequals" => Compare(name, args) >= 0,
            "add" or "sub" or "mul" or "div" or "mod" => Arithmetic(name.ToLowerInvariant(), args),
            "min" => MinMax(args, max: false),
            "max" => MinMax(args, max: true),
            "range" => Range(args),
            _ => throw new ArmExpressionException($"the template function '{name}' is not supported; replace the expression with its value"),
        };
    }

    public static object? Property(object? value, string name) => value switch
    {
        ArmUnknown unknown => ArmUnknown.Of(unknown.What + "." + name),
        Dictionary<string, object?> map when map.TryGetValue(name, out var property) => property,
        Dictionary<string, object?> => throw new ArmExpressionException($"the object has no property '{name}'"),
        _ => throw new ArmExpressionException($"cannot read property '{name}' of {ArmValue.TypeName(value)}"),
    };

    public static object? Index(object? value, object? index) => (value, index) switch
    {
        (ArmUnknown unknown, _) => ArmUnknown.Of(unknown.What + "[" + Quote(index) + "]"),
        (_, ArmUnknown unknown) => unknown,
        (List<object?> list, long i) when i >= 0 && i < list.Count => list[(int)i],
        (List<object?> list, long i) => throw new ArmExpressionException(string.Create(CultureInfo.InvariantCulture, $"index {i} is outside the array of {list.Count}")),
        (Dictionary<string, object?>, string name) => Property(value, name),
        _ => throw new ArmExpressionException($"cannot index {ArmValue.TypeName(value)} with {ArmValue.TypeName(index)}"),
    };

    private static bool ComposesStrings(string name) =>
        name.ToLowerInvariant() is "concat" or "format" or "tolower" or "toupper" or "string" or "replace" or "trim";

    // A string in which an unknown part stands as its placeholder; still unknown as a whole.
    private static ArmUnknown Compose(params object?[] parts)
    {
        var what = parts.Select(ArmValue.FindUnknown).First(u => u is not null)!.What;
        return new ArmUnknown(what, string.Concat(parts.Select(ArmValue.Text)));
    }

    private static object? ResourceId(List<object?> args, bool scoped)
    {
        // resourceId([subscriptionId], [resourceGroupName], resourceType, resourceName1, …): the type is the first
        // argument with a '/'; what stands before it overrides the deployment's subscription and resource group.
        var typeAt = args.FindIndex(a => a is string s && s.Contains('/', StringComparison.Ordinal));
        if (typeAt < 0 || typeAt > (scoped ? 2 : 1))
        {
            throw new ArmExpressionException("resourceId() needs a resource type such as 'Microsoft.Compute/virtualMachineScaleSets' and its names");
        }

        object? subscription = ArmUnknown.Of("subscription().subscriptionId");
        object? group = ArmUnknown.Of("resourceGroup().name");
        if (scoped && typeAt == 2)
        {
            (subscription, group) = (args[0], args[1]);
        }
        else if (scoped && typeAt == 1)
        {
            group = args[0];
        }
        else if (!scoped && typeAt == 1)
        {
            subscription = args[0];
        }

        var path = ResourcePath(args.Skip(typeAt).ToList(), "resourceId");
        object?[] parts = scoped
            ? ["/subscriptions/", subscription, "/resourceGroups/", group, "/providers/", path]
            : ["/subscriptions/", subscription, "/providers/", path];
        return parts.Any(p => p is ArmUnknown) || path is ArmUnknown ? Compose(parts) : string.Concat(parts.Select(ArmValue.Text));
    }

    // "Microsoft.Compute/virtualMachineScaleSets/extensions", "vmss", "ext" → Microsoft.Compute/virtualMachineScaleSets/vmss/extensions/ext
    private static object ResourcePath(List<object?> typeAndNames, string function)
    {
        var type = typeAndNames[0] as string ?? throw new ArmExpressionException($"{function}() needs the resource type as a string");
        var segments = type.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var names = typeAndNames.Skip(1).ToList();
        if (segments.Length < 2 || names.Count != segments.Length - 1)
        {
            throw new ArmExpressionException(string.Create(CultureInfo.InvariantCulture, $"{function}() for the type '{type}' needs {Math.Max(1, segments.Length - 1)} resource name(s), found {names.Count}"));
        }

        var parts = new List<object?> { segments[0] };
        for (var i = 0; i < names.Count; i++)
        {
            parts.Add("/" + segments[i + 1] + "/");
            parts.Add(names[i]);
        }

        return parts.Any(p => p is ArmUnknown) ? Compose(parts.ToArray()) : string.Concat(parts.Select(ArmValue.Text));
    }

    private static object Concat(List<object?> args)
    {
        if (args.Count > 0 && args.All(a => a is List<object?>))
        {
            return args.SelectMany(a => (List<object?>)a!).ToList();
        }

        return string.Concat(args.Select(a => a is List<object?> or Dictionary<string, object?>
            ? throw new ArmExpressionException($"concat() joins strings or arrays, not {ArmValue.TypeName(a)}")
            : ArmValue.Text(a)));
    }

    private static string Format(List<object?> args)
    {
        var format = StringArg("format", args, 0, int.MaxValue);
        var values = args.Skip(1).Select(a => a switch
        {
            string or long or double or bool => a,
            _ => (object?)ArmValue.Text(a),
        }).ToArray();
        try
        {
            return string.Format(CultureInfo.InvariantCulture, format, values);
        }
        catch (FormatException e)
        {
            throw new ArmExpressionException($"format() cannot apply '{format}': {e.Message}", e);
        }
    }

    private static object? Json(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return ArmValue.FromLiteral(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new ArmExpressionException($"json() cannot parse its argument: {e.Message}", e);
        }
    }

    private static string Substring(List<object?> args)
    {
        Count("substring", args, 1, 3);
        var text = StringArg("substring", args, 0, 3);
        var start = args.Count > 1 ? ToIndex(args[1]) : 0;
        var length = args.Count > 2 ? ToIndex(args[2]) : text.Length - start;
        if (start < 0 || length < 0 || start + length > text.Length)
        {
            throw new ArmExpressionException(string.Create(CultureInfo.InvariantCulture, $"substring({start}, {length}) is outside the string of {text.Length} characters"));
        }

        return text.Substring(start, length);
    }

    private static List<object?> Split(List<object?> args)
    {
        var text = StringArg("split", args, 0, 2);
        var separators = args[1] switch
        {
            string one => [one],
            List<object?> many => many.Select(ArmValue.Text).ToArray(),
            _ => throw new ArmExpressionException("split() needs a string or an array of strings as separator"),
        };
        return text.Split(separators, StringSplitOptions.None).Cast<object?>().ToList();
    }

    private static string Join(List<object?> args)
    {
        Count("join", args, 2, 2);
        var items = args[0] as List<object?> ?? throw new ArmExpressionException("join() needs an array");
        return string.Join(StringArg("join", args, 1, 2), items.Select(ArmValue.Text));
    }

    private static string PadLeft(List<object?> args)
    {
        Count("padLeft", args, 2, 3);
        var text = ArmValue.Text(args[0]);
        var width = ToIndex(args[1]);
        var pad = args.Count > 2 ? StringArg("padLeft", args, 2, 3) : " ";
        return width > 16384 ? throw new ArmExpressionException("padLeft() to more than 16384 characters") : text.PadLeft(width, pad.Length > 0 ? pad[0] : ' ');
    }

    private static long Length(object? value) => value switch
    {
        string text => text.Length,
        List<object?> list => list.Count,
        Dictionary<string, object?> map => map.Count,
        null => 0,
        _ => throw new ArmExpressionException($"length() of {ArmValue.TypeName(value)}"),
    };

    private static bool Contains(List<object?> args)
    {
        Count("contains", args, 2, 2);
        return args[0] switch
        {
            string text => text.Contains(ArmValue.Text(args[1]), StringComparison.OrdinalIgnoreCase),
            List<object?> list => list.Any(item => Equal(item, args[1])),
            Dictionary<string, object?> map => map.ContainsKey(ArmValue.Text(args[1])),
            _ => throw new ArmExpressionException($"contains() in {ArmValue.TypeName(args[0])}"),
        };
    }

    private static object? Element(object? value, bool first) => value switch
    {
        string { Length: > 0 } text => (first ? text[0] : text[^1]).ToString(),
        string => "",
        List<object?> { Count: > 0 } list => first ? list[0] : list[^1],
        List<object?> => null,
        _ => throw new ArmExpressionException($"first() and last() take a string or an array, not {ArmValue.TypeName(value)}"),
    };

    private static object Slice(List<object?> args, bool take)
    {
        Count(take ? "take" : "skip", args, 2, 2);
        var count = Math.Max(0, ToIndex(args[1]));
        return args[0] switch
        {
            string text => take ? text[..Math.Min(count, text.Length)] : text[Math.Min(count, text.Length)..],
            List<object?> list => take ? list.Take(count).ToList() : list.Skip(count).ToList(),
            _ => throw new ArmExpressionException($"take() and skip() take a string or an array, not {ArmValue.TypeName(args[0])}"),
        };
    }

    private static Dictionary<string, object?> CreateObject(List<object?> args)
    {
        if (args.Count % 2 != 0)
        {
            throw new ArmExpressionException("createObject() needs pairs of name and value");
        }

        var map = ArmValue.NewObject();
        for (var i = 0; i < args.Count; i += 2)
        {
            map[args[i] as string ?? throw new ArmExpressionException("createObject() needs string names")] = args[i + 1];
        }

        return map;
    }

    private static object Union(List<object?> args)
    {
        if (args.All(a => a is List<object?>))
        {
            return args.SelectMany(a => (List<object?>)a!).Distinct(EqualityComparer).ToList();
        }

        var map = ArmValue.NewObject();
        foreach (var arg in args)
        {
            foreach (var (key, value) in arg as Dictionary<string, object?> ?? throw new ArmExpressionException("union() joins arrays or objects"))
            {
                map[key] = value;
            }
        }

        return map;
    }

    private static readonly IEqualityComparer<object?> EqualityComparer = EqualityComparer<object?>.Create(Equal, v => ArmValue.Text(v).ToUpperInvariant().GetHashCode(StringComparison.Ordinal));

    private static bool Equal(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase),
        (long x, long y) => x == y,
        (long or double, long or double) => ToDouble(a) == ToDouble(b),
        (bool x, bool y) => x == y,
        (null, null) => true,
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equal(p.First, p.Second)),
        (Dictionary<string, object?> x, Dictionary<string, object?> y) => x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && Equal(p.Value, v)),
        _ => false,
    };

    private static int Compare(string name, List<object?> args)
    {
        Count(name, args, 2, 2);
        return (args[0], args[1]) switch
        {
            (string x, string y) => string.Compare(x, y, StringComparison.Ordinal),
            (long or double, long or double) => ToDouble(args[0]).CompareTo(ToDouble(args[1])),
            _ => throw new ArmExpressionException($"{name}() compares two numbers or two strings"),
        };
    }

    private static long Arithmetic(string name, List<object?> args)
    {
        Count(name, args, 2, 2);
        var (a, b) = (ToLong(name, args[0]), ToLong(name, args[1]));
        if (b == 0 && name is "div" or "mod")
        {
            throw new ArmExpressionException($"{name}() by zero");
        }

        try
        {
            return name switch
            {
                "add" => checked(a + b),
                "sub" => checked(a - b),
                "mul" => checked(a * b),
                "div" => checked(a / b),
                _ => a % b,
            };
        }
        catch (OverflowException e)
        {
            throw new ArmExpressionException($"{name}() overflows", e);
        }
    }

    private static long MinMax(List<object?> args, bool max)
    {
        var numbers = (args.Count == 1 && args[0] is List<object?> list ? list : args).Select(a => ToLong(max ? "max" : "min", a)).ToList();
        return numbers.Count == 0 ? throw new ArmExpressionException("min() and max() need at least one number") : max ? numbers.Max() : numbers.Min();
    }

    private static List<object?> Range(List<object?> args)
    {
        Count("range", args, 2, 2);
        var start = ToLong("range", args[0]);
        var count = ToLong("range", args[1]);
        return count is < 0 or > 10000
            ? throw new ArmExpressionException("range() takes a count of 0 to 10000")
            : Enumerable.Range(0, (int)count).Select(i => (object?)(start + i)).ToList();
    }

    private static long ToInt(object? value) => value switch
    {
        long whole => whole,
        double number when double.IsFinite(number) && Math.Abs(number) < 9e18 => (long)number,
        string text when long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new ArmExpressionException($"int() cannot convert {ArmValue.TypeName(value)} '{ArmValue.Text(value)}'"),
    };

    private static double ToDouble(object? value) => value switch
    {
        long whole => whole,
        double number => number,
        string text when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new ArmExpressionException($"float() cannot convert {ArmValue.TypeName(value)} '{ArmValue.Text(value)}'"),
    };

    private static bool ToBool(object? value) => value switch
    {
        bool flag => flag,
        string text when bool.TryParse(text.Trim(), out var parsed) => parsed,
        long whole => whole != 0,
        _ => throw new ArmExpressionException($"bool() cannot convert {ArmValue.TypeName(value)} '{ArmValue.Text(value)}'"),
    };

    private static bool ToBoolStrict(string name, object? value) =>
        value as bool? ?? throw new ArmExpressionException($"{name}() takes bools, not {ArmValue.TypeName(value)}");

    private static long ToLong(string name, object? value) =>
        value as long? ?? throw new ArmExpressionException($"{name}() takes whole numbers, not {ArmValue.TypeName(value)}");

    private static int ToIndex(object? value) => value is long whole && whole is >= int.MinValue and <= int.MaxValue
        ? (int)whole
        : throw new ArmExpressionException($"expected a whole number, found {ArmValue.TypeName(value)}");

    private static object? One(string name, List<object?> args)
    {
        Count(name, args, 1, 1);
        return args[0];
    }

    private static string StringArg(string name, List<object?> args, int index, int most)
    {
        Count(name, args, index + 1, most);
        return args[index] as string ?? throw new ArmExpressionException(string.Create(CultureInfo.InvariantCulture, $"{name}() needs a string as argument {index + 1}, found {ArmValue.TypeName(args[index])}"));
    }

    private static bool Count(string name, List<object?> args, int least, int most)
    {
        if (args.Count < least || args.Count > most)
        {
            var expected = least == most ? least.ToString(CultureInfo.InvariantCulture)
                : most == int.MaxValue ? string.Create(CultureInfo.InvariantCulture, $"at least {least}")
                : string.Create(CultureInfo.InvariantCulture, $"{least} to {most}");
            throw new ArmExpressionException(string.Create(CultureInfo.InvariantCulture, $"{name}() takes {expected} argument(s), found {args.Count}"));
        }

        return true;
    }

    private static string Quote(object? value) => value switch
    {
        string text => "'" + text + "'",
        ArmUnknown unknown => unknown.What,
        _ => ArmValue.Text(value),
    };
}
