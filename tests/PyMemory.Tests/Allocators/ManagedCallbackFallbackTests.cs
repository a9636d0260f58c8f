namespace PyMemory.Tests.Allocators;

/// <summary>The managed-callback path for every method, as on platforms without native forwarders.</summary>
[Collection(UsesPython.Name)]
public class ManagedCallbackFallbackTests
{
    [Fact]
    public void Without_native_forwarders_a_pass_through_hook_on_every_domain_still_works()
    {
        ChildProcess.Result result = ChildProcess.Run("hooks-without-forwarders", new Dictionary<string, string?> { ["PYMEMORY_NO_NATIVE_FORWARDERS"] = "1" });

        result.ExitCode.ShouldBe(0, result.ToString());
        result.StdOut.ShouldContain("managed callbacks: True", Case.Sensitive, result.ToString());
        result.StdOut.ShouldContain("python: 20000");
        result.StdOut.ShouldContain("description: pymalloc; PyMemory hooks: RAW: PassThroughHook, MEM: PassThroughHook, OBJ: PassThroughHook");
        result.StdOut.ShouldContain("restored: True");
    }
}
