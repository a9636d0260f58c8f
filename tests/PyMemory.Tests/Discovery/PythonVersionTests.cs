using PyMemory.Interop;

namespace PyMemory.Tests.Discovery;

public class PythonVersionTests
{
    [Theory]
    [InlineData("3.8.18 (default, May  9 2026, 10:00:00) \n[GCC 12.2.0]", 3, 8, 18)]
    [InlineData("3.11.2 (main, Mar 13 2023, 12:18:29) [GCC 12.2.0]", 3, 11, 2)]
    [InlineData("3.13.0 (main, May  9 2026, 10:00:00) [GCC 12.2.0]", 3, 13, 0)]
    [InlineData("3.13.0rc1 (main, Aug  1 2024) [GCC 12.2.0]", 3, 13, 0)]
    [InlineData("3.14.0a4+ (heads/main:0123456) [Clang 17]", 3, 14, 0)]
    [InlineData("2.7.18 (default, May  9 2026, 10:00:00) \n[GCC 12.2.0]", 2, 7, 18)]
    public void TryParse_reads_major_minor_and_micro_of_Py_GetVersion_text(string text, int major, int minor, int micro)
    {
        PythonVersion.TryParse(text, out PythonVersion version).ShouldBeTrue();

        version.ShouldBe(new PythonVersion(major, minor, micro, IsFreeThreaded: false));
    }

    [Fact]
    public void TryParse_recognises_a_free_threading_build()
    {
        PythonVersion.TryParse("3.13.0 experimental free-threading build (main, Oct  7 2024, 10:00:00) [GCC 12.2.0]", out PythonVersion version)
            .ShouldBeTrue();

        version.IsFreeThreaded.ShouldBeTrue();
        version.ToString().ShouldBe("3.13.0t");
        (version >= PythonVersion.MinimumSupported).ShouldBeTrue("free-threaded builds are refused for being free-threaded, not for their age");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Python")]
    [InlineData("three.eight")]
    [InlineData("3")]
    public void TryParse_rejects_text_without_a_version(string? text)
    {
        PythonVersion.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Versions_older_than_3_8_compare_below_the_minimum_supported()
    {
        PythonVersion.TryParse("3.7.16", out PythonVersion v37).ShouldBeTrue();
        PythonVersion.TryParse("3.8.0", out PythonVersion v38).ShouldBeTrue();
        PythonVersion.TryParse("2.7.18", out PythonVersion v27).ShouldBeTrue();

        (v37 < PythonVersion.MinimumSupported).ShouldBeTrue();
        (v27 < PythonVersion.MinimumSupported).ShouldBeTrue();
        (v38 < PythonVersion.MinimumSupported).ShouldBeFalse();
        v38.IsAtLeast(3, 8).ShouldBeTrue();
        v37.IsAtLeast(3, 8).ShouldBeFalse();
        new PythonVersion(4, 0, 0, false).IsAtLeast(3, 13).ShouldBeTrue();
    }
}
