using System.Globalization;

namespace ScaleSets.Configuration.Arm;

/// <summary>
/// Parses and evaluates one ARM template expression (the text between the outer brackets of <c>"[…]"</c>): function
/// calls, single-quoted strings (<c>''</c> escapes a quote), numbers, property access (<c>.name</c>) and indexing
/// (<c>[0]</c>, <c>['name']</c>). <c>if</c> evaluates only the branch it takes, as ARM does.
/// </summary>
internal sealed class ArmExpression
{
    private const int MaxDepth = 64;

    private readonly string text;
    private readonly ArmScope scope;
    private int position;
    private int depth;

    private ArmExpression(string text, ArmScope scope)
    {
        this.text = text;
        this.scope = scope;
    }

    /// <summary>Evaluates <paramref name="expression"/> (without its brackets) in <paramref name="scope"/>.</summary>
    /// <exception cref="ArmExpressionException">The expression is malformed or cannot be evaluated.</exception>
    public static object? Evaluate(string expression, ArmScope scope)
    {
        var parser = new ArmExpression(expression, scope);
        var value = parser.ParseValue(live: true);
        parser.SkipSpace();
        if (parser.position < expression.Length)
        {
            throw parser.Fail($"unexpected '{expression[parser.position]}'");
        }

        return value;
    }

    private object? ParseValue(bool live)
    {
        if (++depth > MaxDepth)
        {
            throw Fail($"the expression nests deeper than {MaxDepth} levels");
        }

        SkipSpace();
        if (position >= text.Length)
        {
            throw Fail("the expression ends early");
        }

        var c = text[position];
        object? value;
        if (c == '\'')
        {
            value = ParseString();
        }
        else if (char.IsAsciiDigit(c) || (c == '-' && position + 1 < text.Length && char.IsAsciiDigit(text[position + 1])))
        {
            value = ParseNumber();
        }
        else if (char.IsAsciiLetter(c) || c == '_')
        {
            value = ParseCall(live);
        }
        else
        {
            throw Fail($"unexpected '{c}'");
        }

        value = ParseAccessors(value, live);
        depth--;
        return value;
    }

    private object? ParseCall(bool live)
    {
        var start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '.'))
        {
            position++;
        }

        var name = text[start..position];
        SkipSpace();
        Expect('(');
        var arguments = new List<object?>();
        SkipSpace();
        if (Peek() == ')')
        {
            position++;
        }
        else if (string.Equals(name, "if", StringComparison.OrdinalIgnoreCase))
        {
            return ParseIf(live);
        }
        else
        {
            while (true)
            {
                arguments.Add(ParseValue(live));
                SkipSpace();
                if (Peek() == ',')
                {
                    position++;
                    continue;
                }

                Expect(')');
                break;
            }
        }

        return live ? ArmFunctions.Call(name, arguments, scope) : null;
    }

    private object? ParseIf(bool live)
    {
        var condition = ParseValue(live);
        var take = false;
        if (live && condition is not ArmUnknown)
        {
            take = condition as bool? ?? throw Fail($"if() needs a bool as its condition, found {ArmValue.TypeName(condition)}");
        }

        // A condition only Azure knows leaves the result unknown too; neither branch is evaluated.
        var decided = live && condition is not ArmUnknown;
        Comma();
        var whenTrue = ParseValue(decided && take);
        Comma();
        var whenFalse = ParseValue(decided && !take);
        SkipSpace();
        Expect(')');
        return !decided ? condition : take ? whenTrue : whenFalse;
    }

    private object? ParseAccessors(object? value, bool live)
    {
        while (true)
        {
            SkipSpace();
            if (Peek() == '.')
            {
                position++;
                var start = position;
                while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '$'))
                {
                    position++;
                }

                if (position == start)
                {
                    throw Fail("a property name must follow '.'");
                }

                value = live ? ArmFunctions.Property(value, text[start..position]) : null;
            }
            else if (Peek() == '[')
            {
                position++;
                var index = ParseValue(live);
                SkipSpace();
                Expect(']');
                value = live ? ArmFunctions.Index(value, index) : null;
            }
            else
            {
                return value;
            }
        }
    }

    private string ParseString()
    {
        position++;
        var builder = new System.Text.StringBuilder();
        while (true)
        {
            if (position >= text.Length)
            {
                throw Fail("a string is not closed with '");
            }

            var c = text[position++];
            if (c == '\'')
            {
                if (Peek() == '\'')
                {
                    builder.Append('\'');
                    position++;
                    continue;
                }

                return builder.ToString();
            }

            builder.Append(c);
        }
    }

    private object ParseNumber()
    {
        var start = position;
        position++;
        while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
        {
            position++;
        }

        var number = text[start..position];
        if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return real;
        }

        throw Fail($"'{number}' is not a number ARM can hold");
    }

    private void Comma()
    {
        SkipSpace();
        Expect(',');
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Fail(position < text.Length ? $"expected '{c}', found '{text[position]}'" : $"expected '{c}' before the end");
        }

        position++;
    }

    private char Peek() => position < text.Length ? text[position] : '\0';

    private void SkipSpace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private ArmExpressionException Fail(string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{message} at character {position + 1} of the expression"));
}
