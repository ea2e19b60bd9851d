using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Prometheus.Answers;

namespace ScaleSets.Prometheus.Tests.Answers;

[TestFixture]
public sealed class PrometheusAnswerParserTests
{
    private const string Vector =
        """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","instance":"10.0.0.5:9100","job":"node"},"value":[1764619200.5,"1"]},{"metric":{"instance":"10.0.0.6:9100"},"value":[1764619200.5,"+Inf"]}]},"warnings":["PromQL info: x"]}""";

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Test]
    public void Parse_Vector_SeriesWithLabelsValuesAndWarnings()
    {
        var answer = PrometheusAnswerParser.Parse(Encoding.UTF8.GetBytes(Vector));

        Assert.Multiple(() =>
        {
            Assert.That(answer.Success, Is.True);
            Assert.That(answer.ResultType, Is.EqualTo("vector"));
            Assert.That(answer.Series, Has.Count.EqualTo(2));
            Assert.That(answer.Series[0].Labels["instance"], Is.EqualTo("10.0.0.5:9100"));
            Assert.That(answer.Series[0].Value, Is.EqualTo(1));
            Assert.That(answer.Series[1].Value, Is.EqualTo(double.PositiveInfinity));
            Assert.That(answer.Warnings, Is.EqualTo(new[] { "PromQL info: x" }));
        });
    }

    [Test]
    public void Parse_ResultBeforeResultType_StillRead()
    {
        var answer = PrometheusAnswerParser.Parse("""{"data":{"result":[1.5,"NaN"],"resultType":"scalar"},"status":"success"}"""u8);

        Assert.That(answer.Series.Single().Value, Is.NaN);
    }

    [Test]
    public void Parse_Error_ErrorTypeAndMessage()
    {
        var answer = PrometheusAnswerParser.Parse("""{"status":"error","errorType":"bad_data","error":"parse error"}"""u8);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Success, Is.False);
            Assert.That(answer.ErrorType, Is.EqualTo("bad_data"));
            Assert.That(answer.Error, Is.EqualTo("parse error"));
        });
    }

    [Test]
    public void Parse_LabelTwice_Refused() =>
        Assert.That(
            () => PrometheusAnswerParser.Parse("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1","a":"2"},"value":[1,"1"]}]}}"""u8),
            Throws.TypeOf<PrometheusAnswerException>().With.Message.Contains("the label 'a' twice"));

    [Test]
    public void Parse_AnyTruncationOfAnAnswer_RefusedAsPrometheusAnswerException()
    {
        var bytes = Encoding.UTF8.GetBytes(Vector);
        Check.One(Config, Prop.ForAll(Gen.Choose(0, bytes.Length - 1).ToArbitrary(), length =>
        {
            try
            {
                PrometheusAnswerParser.Parse(bytes.AsSpan(0, length));
                return false;
            }
            catch (PrometheusAnswerException ex)
            {
                return ex.Message.Contains("byte", StringComparison.Ordinal);
            }
        }));
    }

    [Test]
    public void Parse_AnyBytes_ParsedOrRefusedAsPrometheusAnswerException() =>
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            try
            {
                PrometheusAnswerParser.Parse(bytes);
            }
            catch (PrometheusAnswerException)
            {
            }

            return true;
        }));

    [Test]
    public void Parse_AnyStringAsAValue_ParsedOrRefusedNamingIt() =>
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), text =>
        {
            var json = """{"status":"success","data":{"resultType":"scalar","result":[1,""" + System.Text.Json.JsonSerializer.Serialize(text.Get) + "]}}";
            try
            {
                var value = PrometheusAnswerParser.Parse(Encoding.UTF8.GetBytes(json)).Series[0];
                return value.RawText == text.Get
                    || (value.RawText is null && double.Parse(text.Get, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture) == value.Value);
            }
            catch (PrometheusAnswerException ex)
            {
                return ex.Message.Contains("not a number", StringComparison.Ordinal);
            }
        }));
}
