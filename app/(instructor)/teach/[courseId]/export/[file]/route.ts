// CSV downloads for a course's instructors: gradebook.csv, canvas.csv, submissions.csv. Streamed a batch at a time.
import { getCurrentUser } from "@/lib/dal/session";
import { NotFoundError, UnauthenticatedError } from "@/lib/dal/errors";
import { courseExport, EXPORT_KINDS, type ExportKind } from "@/lib/dal/exports";
import { csvStream, fileSlug } from "@/lib/export/csv";
import { errorResponse } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ courseId: string; file: string }> }): Promise<Response> {
  try {
    const { courseId, file } = await params;
    const kind = file.replace(/\.csv$/, "") as ExportKind;
    if (!file.endsWith(".csv") || !EXPORT_KINDS.includes(kind)) throw new NotFoundError("That export");
    const user = await getCurrentUser();
    if (!user) throw new UnauthenticatedError();
    const data = await courseExport(user, courseId, kind);
    const filename = `${fileSlug(data.name)}-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(csvStream(data.header, data.batches), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
