using Drive.Files.Items;

namespace Drive.Tests.Files;

public sealed class ItemNamesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("/")]
    [InlineData("a\\b")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    [InlineData("line\nbreak")]
    [InlineData("unit\u001Fsep")]
    [InlineData("del\u007F")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    public void Refuses_bad_names(string? name)
    {
        var check = ItemNames.Check(name);

        Assert.False(check.IsValid);
        Assert.Null(check.Name);
        Assert.False(string.IsNullOrWhiteSpace(check.Problem));
    }

    [Fact]
    public void Refuses_unpaired_surrogates()
    {
        // Not an InlineData case: xunit would turn the surrogate into U+FFFD when serializing the theory data.
        Assert.False(ItemNames.Check("lone \uD800 surrogate").IsValid);
        Assert.False(ItemNames.Check("reversed \uDC00\uD800").IsValid);
        Assert.True(ItemNames.Check("pair \uD83D\uDE00").IsValid);
    }

    [Theory]
    [InlineData("photo.jpg")]
    [InlineData("...")]
    [InlineData(".hidden")]
    [InlineData("a..b")]
    [InlineData("名前 with spaces inside")]
    [InlineData("emoji 😀.png")]
    public void Accepts_ordinary_names(string name)
    {
        var check = ItemNames.Check(name);

        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(name, check.Name);
    }

    [Fact]
    public void Accepts_exactly_255_utf8_bytes_and_refuses_256()
    {
        var ascii255 = new string('a', 255);
        var twoByte255 = new string('é', 127) + "a";

        Assert.True(ItemNames.Check(ascii255).IsValid);
        Assert.True(ItemNames.Check(twoByte255).IsValid);
        Assert.False(ItemNames.Check(ascii255 + "a").IsValid);
        Assert.False(ItemNames.Check(new string('é', 128)).IsValid);
    }

    [Fact]
    public void Counts_bytes_after_normalization()
    {
        // 85 x "e" + combining acute = 255 UTF-8 bytes decomposed, 170 bytes once composed to "é".
        var decomposed = string.Concat(Enumerable.Repeat("e\u0301", 85));

        var check = ItemNames.Check(decomposed);

        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(new string('\u00E9', 85), check.Name);
    }

    [Fact]
    public void Normalizes_to_nfc_so_both_spellings_are_one_name()
    {
        var composed = ItemNames.Check("Caf\u00E9");
        var decomposed = ItemNames.Check("Cafe\u0301");

        Assert.Equal("Caf\u00E9", composed.Name);
        Assert.Equal(composed.Name, decomposed.Name);
    }

    [Fact]
    public void Keeps_case()
    {
        Assert.Equal("Report.PDF", ItemNames.Check("Report.PDF").Name);
        Assert.NotEqual(ItemNames.Check("a").Name, ItemNames.Check("A").Name);
    }
}
