using System.Runtime.InteropServices;
using PyMemory.Interop.Layouts;
using PyMemory.Interop.Native;

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
    private static readonly nuint PageSize = (nuint)Environment.SystemPageSize;

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
            nint page = LibC.mmap(0, PageSize, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_ANONYMOUS | LibC.MAP_PRIVATE, -1, 0);
            if (page == LibC.MAP_FAILED || page == 0)
            {
                return 0;
            }

            // Where the next allocator's fields sit in a HookContext (its Next comes first: 0, 8, 16, 24 and 32).
            // System V passes ctx in rdi:   mov rax, [rdi+function] ; mov rdi, [rdi+ctx] ; jmp rax
            int next = HookContext.NextOffset;
            ReadOnlySpan<int> functions =
                [next + PyMemAllocatorExLayout.malloc, next + PyMemAllocatorExLayout.calloc, next + PyMemAllocatorExLayout.realloc, next + PyMemAllocatorExLayout.free];
            byte ctx = Disp8(next + PyMemAllocatorExLayout.ctx);
            var code = new Span<byte>((void*)page, (int)PageSize);
            code.Fill(0xCC); // int3 everywhere else
            for (int i = 0; i < functions.Length; i++)
            {
                ReadOnlySpan<byte> body = [0x48, 0x8B, 0x47, Disp8(functions[i]), 0x48, 0x8B, 0x7F, ctx, 0xFF, 0xE0];
                body.CopyTo(code.Slice(i * 16, 16));
            }

            if (LibC.mprotect(page, PageSize, LibC.PROT_READ | LibC.PROT_EXEC) != 0)
            {
                _ = LibC.munmap(page, PageSize);
                return 0;
            }

            return page;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>An offset as the signed 8-bit displacement of <c>[rdi+disp8]</c>.</summary>
    private static byte Disp8(int offset) => unchecked((byte)checked((sbyte)offset));
}
