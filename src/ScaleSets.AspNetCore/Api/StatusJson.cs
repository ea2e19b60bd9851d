using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScaleSets.AspNetCore.Api;

/// <summary>How the status is written as JSON: camelCase, enums by name, and a missing value as null (never NaN).</summary>
internal static class StatusJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };
}
