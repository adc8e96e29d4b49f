using System.Text;
using Drive.Files.Errors;
using Drive.Files.Items;

namespace Drive.Tests.Files;

/// <summary>Names that hide or reorder text, and page tokens whose fields a client forged.</summary>
public sealed class HiddenCharactersAndTokensTests
{
    [Theory]
    [InlineData("c1\u0080control", "U+0080")]
    [InlineData("c1\u009Fcontrol", "U+009F")]
    [InlineData("invoice\u202Efdp.exe", "U+202E")]
    [InlineData("embed\u202Aing", "U+202A")]
    [InlineData("isolate\u2066d", "U+2066")]
    [InlineData("isolate\u2069d", "U+2069")]
    [InlineData("zero\u200Bwidth", "U+200B")]
    [InlineData("\uFEFFbom", "U+FEFF")]
    public void Refuses_invisible_and_reordering_characters_naming_the_character(string name, string code)
    {
        var check = ItemNames.Check(name);

        Assert.False(check.IsValid);
        Assert.Contains(code, check.Problem);
    }

    [Theory]
    [InlineData("family \U0001F468\u200D\U0001F469\u200D\U0001F467.jpg")]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")]
    public void Keeps_joiners_that_emoji_and_scripts_need(string name) => Assert.True(ItemNames.Check(name).IsValid);

    [Fact]
    public void Refuses_unpaired_surrogates()
    {
        // Built here, not passed as theory data: xunit's serialization of test cases would replace them with U+FFFD.
        string[] names = ["lone " + '\uD800' + " high", "lone " + '\uDC00' + " low", "reversed " + '\uDC00' + '\uD800',
            "end " + '\uD83D'];

        Assert.All(names, name => Assert.Contains("surrogate", ItemNames.Check(name).Problem));
    }

    [Theory]
    [InlineData("name", """{"O":"name","K":1,"N":"a\u0000b","I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    [InlineData("name", """{"O":"name","K":1,"N":"\ud800","I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    [InlineData("name", """{"O":"name","K":7,"N":"a","I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    [InlineData("name", """{"O":"name","K":1,"N":"a","S":5,"I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    [InlineData("modifiedAt",
        """{"O":"modifiedAt","K":1,"M":"2026-01-01T00:00:00+05:00","I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    [InlineData("size", """{"O":"size","K":1,"S":-1,"I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    [InlineData("size", """{"O":"size","K":1,"S":9223372036854775807,"I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    [InlineData("size", """{"O":"size","K":1,"S":1.5,"I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    public void Refuses_page_tokens_carrying_values_no_listing_writes(string orderBy, string json)
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.IsType<InvalidInputError>(ChildrenQuery.Parse(10, token, orderBy).Error);
    }

    [Fact]
    public void Refuses_a_page_token_that_is_not_utf8()
    {
        var token = Convert.ToBase64String([0x7B, 0xFF, 0xFE, 0x7D]).TrimEnd('=');

        Assert.IsType<InvalidInputError>(ChildrenQuery.Parse(10, token, "name").Error);
    }
}
