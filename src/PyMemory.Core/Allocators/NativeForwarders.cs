using System.Runtime.InteropServices;
using PyMemory.Diagnostics;

namespace PyMemory.Allocators;

/// <summary>
/// Four tiny machine-code functions that forward a call straight to the next allocator stored at the start of a
/// <see cref="HookContext"/>: <c>return ctx->Next.f(ctx->Next.ctx, args...)</c> as a tail jump. A hook's methods that
/// are not overridden use them instead of PyMemory's managed callbacks, so those calls never enter .NET: entering
/// managed code from native code costs 10 to 20 ns per call on x64 Linux, more than pymalloc itself.
/// </summary>
/// <remarks>
/// Only x64 Linux and macOS (the System V calling convention, ctx in rdi), where the instruction cache is coherent
/// with data writes; Windows x64 passes ctx in rcx and is not supported.
/// The page is written while read-write and then made read-execute (never both). Where that is not possible
/// (another architecture, a policy that forbids executable anonymous memory), every address is zero and all calls
/// go through the managed callbacks, which behave the same, only slower.
/// </remarks>
internal static unsafe class NativeForwarders
{
    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4;
    private const nuint PageSize = 4096;

    private static readonly nint Page = Create();

    public static bool Available => Page != 0;

    public static nint Malloc => Page == 0 ? 0 : Page;

    public static nint Calloc => Page == 0 ? 0 : Page + 16;

    public static nint Realloc => Page == 0 ? 0 : Page + 32;

    public static nint Free => Page == 0 ? 0 : Page + 48;

    public static bool Contains(nint address) => Page != 0 && address >= Page && address < Page + 64;

    private static nint Create()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || OperatingSystem.IsWindows()
            || Environment.GetEnvironmentVariable("PYMEMORY_NO_NATIVE_FORWARDERS") == "1")
        {
            return 0;
        }

        try
        {
            int anonymousPrivate = OperatingSystem.IsMacOS() ? 0x1000 | 0x0002 : 0x20 | 0x02; // MAP_ANON(YMOUS) | MAP_PRIVATE
            nint page = LibC.MMap(0, PageSize, ProtRead | ProtWrite, anonymousPrivate, -1, 0);
            if (page == -1 || page == 0)
            {
                return 0;
            }

            // Offsets of PyMemAllocatorEx's functions in HookContext.Next (ctx at 0): malloc 8, calloc 16, realloc 24, free 32.
            // System V passes ctx in rdi:   mov rax, [rdi+off] ; mov rdi, [rdi] ; jmp rax
            ReadOnlySpan<byte> offsets = [8, 16, 24, 32];
            var code = new Span<byte>((void*)page, (int)PageSize);
            code.Fill(0xCC); // int3 everywhere else
            for (int i = 0; i < offsets.Length; i++)
            {
                Span<byte> thunk = code.Slice(i * 16, 16);
                ReadOnlySpan<byte> body = [0x48, 0x8B, 0x47, offsets[i], 0x48, 0x8B, 0x3F, 0xFF, 0xE0];
                body.CopyTo(thunk);
            }

            if (LibC.MProtect(page, PageSize, ProtRead | ProtExec) != 0)
            {
                _ = LibC.MUnmap(page, PageSize);
                return 0;
            }

            return page;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }
}
