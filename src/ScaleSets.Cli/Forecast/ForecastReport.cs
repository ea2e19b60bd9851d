using System.Globalization;
using System.Text.Json;
using ScaleSets.Prediction;
using ScaleSets.Traces;

namespace ScaleSets.Cli.Forecast;

/// <summary>Writes the evaluation of <c>scalesets forecast</c> as a table and as JSON.</summary>
internal static class ForecastReport
{
    public static void WriteTable(TextWriter output, ForecastArguments arguments, TraceSeries trace, ForecastEvaluation evaluation)
    {
        var seasons = evaluation.Seasons;
        output.WriteLine(Invariant($"trace {arguments.TracePath}: {trace.Count} grains of {Duration(trace.Interval)} from {trace.Start:yyyy-MM-ddTHH:mm:ssZ}, {trace.GapCount} without data"));
        output.WriteLine(Invariant($"training: first {evaluation.TrainingGrains} grains; evaluation: {evaluation.EvaluationGrains} grains, horizon {evaluation.Horizon} grains ({Duration(trace.Interval * evaluation.Horizon)}), an origin every grain, refit every {Duration(arguments.RefitEvery)}"));
        output.WriteLine("seasons: " + (seasons.Count == 0 ? "none" : string.Join(", ", seasons.Select(s => Invariant($"{s} grains ({Duration(trace.Interval * s)})")))));
        foreach (var diagnostic in evaluation.Diagnostics)
        {
            output.WriteLine("note: " + diagnostic.Message);
        }

        var nameWidth = Math.Max(5, evaluation.Scores.Max(s => s.Name.Length) + 2);
        output.WriteLine();
        output.WriteLine(Invariant($"{"model".PadRight(nameWidth)} {"MASE",8} {"sMAPE",8} {"under",7} {"fit ms",9}"));
        foreach (var score in evaluation.Scores)
        {
            var mark = string.Equals(score.Name, evaluation.SelectedName, StringComparison.Ordinal) ? "* " : score.IsBaseline ? "b " : "  ";
            output.WriteLine(Invariant($"{(mark + score.Name).PadRight(nameWidth)} {score.Mase,8:F3} {score.Smape,8:F2} {score.UnderForecastShare * 100,6:F1}% {score.FitTime.TotalMilliseconds,9:F2}"));
        }

        output.WriteLine("* selected on the training part; b baseline");
    }

    public static void WriteJson(Stream stream, ForecastArguments arguments, TraceSeries trace, ForecastEvaluation evaluation)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("trace", arguments.TracePath);
        json.WriteString("valueColumn", arguments.ValueColumn);
        json.WriteString("interval", Duration(trace.Interval));
        json.WriteString("aggregation", arguments.Aggregation == TraceAggregation.Sum ? "sum" : "mean");
        json.WriteString("horizon", Duration(trace.Interval * evaluation.Horizon));
        json.WriteNumber("horizonGrains", evaluation.Horizon);
        json.WriteString("trainUntil", trace.TimeAt(evaluation.TrainingGrains).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        json.WriteNumber("trainingGrains", evaluation.TrainingGrains);
        json.WriteNumber("evaluationGrains", evaluation.EvaluationGrains);
        json.WriteString("refitEvery", Duration(arguments.RefitEvery));
        json.WriteStartArray("seasons");
        foreach (var season in evaluation.Seasons)
        {
            json.WriteNumberValue(season);
        }

        json.WriteEndArray();
        json.WriteString("selected", evaluation.SelectedName);
        json.WriteStartArray("diagnostics");
        foreach (var diagnostic in evaluation.Diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("kind", diagnostic.Kind.ToString());
            json.WriteNumber("index", diagnostic.Index);
            json.WriteNumber("count", diagnostic.Count);
            json.WriteString("message", diagnostic.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("models");
        foreach (var score in evaluation.Scores)
        {
            json.WriteStartObject();
            json.WriteString("name", score.Name);
            json.WriteBoolean("selected", string.Equals(score.Name, evaluation.SelectedName, StringComparison.Ordinal));
            json.WriteBoolean("baseline", score.IsBaseline);
            WriteNumber(json, "mase", score.Mase);
            WriteNumber(json, "smape", score.Smape);
            WriteNumber(json, "underForecastShare", score.UnderForecastShare);
            json.WriteNumber("fitMilliseconds", Math.Round(score.FitTime.TotalMilliseconds, 3));
            json.WriteNumber("forecasts", score.Forecasts);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Duration(TimeSpan span) => System.Xml.XmlConvert.ToString(span);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
