using System.Collections;
using System.Reflection;

namespace ScaleSets.Tests.Configuration;

/// <summary>Compares model objects property by property and names the first difference by its path.</summary>
internal static class ModelAssert
{
    public static void AreEqual(object? expected, object? actual) =>
        Assert.That(Difference(expected, actual, "$"), Is.Null, "the models differ");

    public static string? Difference(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: {Show(expected)} vs {Show(actual)}";
        }

        var type = expected.GetType();
        if (type != actual.GetType())
        {
            return $"{path}: type {type.Name} vs {actual.GetType().Name}";
        }

        if (type.IsPrimitive || type.IsEnum || expected is string or TimeSpan or DateTime or decimal)
        {
            // DateTime equality ignores Kind, which the model does not use; double.Equals treats NaN as equal to NaN.
            return expected.Equals(actual) ? null : $"{path}: {Show(expected)} vs {Show(actual)}";
        }

        if (expected is IList expectedList && actual is IList actualList)
        {
            if (expectedList.Count != actualList.Count)
            {
                return $"{path}: {expectedList.Count} items vs {actualList.Count}";
            }

            for (var i = 0; i < expectedList.Count; i++)
            {
                if (Difference(expectedList[i], actualList[i], $"{path}[{i}]") is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanWrite && property.GetIndexParameters().Length == 0
                && Difference(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}") is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
