/* SPDX-License-Identifier: GPL-3.0-or-later */
/* No config.h or gettext here: that is set up for C only, and the
 * messages are worded in sb-packet.c. */
/* Use std::shared_ptr only, not qpdf's old PointerHolder. */
#define POINTERHOLDER_TRANSITION 4

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/Buffer.hh>
#include <qpdf/InputSource.hh>
#include <qpdf/PDFVersion.hh>
#include <qpdf/QPDFWriter.hh>
#include <qpdf/QUtil.hh>

#include "sb-pdf-assembler.h"

/* Pages this close to A4 are placed 1:1, so an A4 scan keeps its size. */
#define A4_WIDTH   595.276
#define A4_HEIGHT  841.89
#define A4_SLACK   3.0

namespace {

/* qpdf's FileInputSource seeks the FILE before every read: tens of
 * thousands of lseek calls for a file of a few thousand objects, which
 * dominated the merge on a virtual machine. This one reads through a
 * window with pread and seeks in memory. */
class PreadInputSource : public InputSource
{
public:
  explicit PreadInputSource (const char *path) : name (path)
  {
    struct stat st;

    fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat (fd, &st) != 0)
      throw std::runtime_error (std::string (path) + ": " + strerror (errno));
    size = st.st_size;
  }

  ~PreadInputSource () override
  {
    if (fd >= 0)
      close (fd);
  }

  std::string const &
  getName () const override
  {
    return name;
  }

  qpdf_offset_t
  tell () override
  {
    return pos;
  }

  void
  seek (qpdf_offset_t offset, int whence) override
  {
    qpdf_offset_t base = whence == SEEK_END ? size : whence == SEEK_CUR ? pos : 0;

    if (base + offset < 0)
      throw std::runtime_error (name + ": seek before the start of the file");
    pos = base + offset;
  }

  void
  rewind () override
  {
    pos = 0;
  }

  size_t
  read (char *buffer, size_t length) override
  {
    size_t done = 0;

    last_offset = pos;
    /* Big reads (stream data) go straight to the caller's buffer. */
    if (length >= sizeof window)
      {
        ssize_t n = pread_all (buffer, length, pos);
        pos += n;
        return n;
      }
    while (done < length)
      {
        if (pos < window_start || pos >= window_start + window_length)
          {
            window_start = pos;
            window_length = pread_all (window, sizeof window, pos);
            if (window_length == 0)
              break;
          }
        size_t n = std::min<qpdf_offset_t> (length - done, window_start + window_length - pos);
        memcpy (buffer + done, window + (pos - window_start), n);
        done += n;
        pos += n;
      }
    return done;
  }

  void
  unreadCh (char) override
  {
    if (pos > 0)
      pos--;
  }

  qpdf_offset_t
  findAndSkipNextEOL () override
  {
    char ch;

    /* As FileInputSource: the offset of the next end of line, and the
     * position after every \r and \n that follow it. */
    while (read (&ch, 1) == 1)
      if (ch == '\r' || ch == '\n')
        {
          qpdf_offset_t result = pos - 1;
          while (read (&ch, 1) == 1)
            if (ch != '\r' && ch != '\n')
              {
                unreadCh (ch);
                break;
              }
          return result;
        }
    return pos;
  }

private:
  ssize_t
  pread_all (char *buffer, size_t length, qpdf_offset_t offset)
  {
    size_t done = 0;

    while (done < length)
      {
        ssize_t n = pread (fd, buffer + done, length - done, offset + done);
        if (n < 0 && errno == EINTR)
          continue;
        if (n < 0)
          throw std::runtime_error (name + ": " + strerror (errno));
        if (n == 0)
          break;
        done += n;
      }
    return done;
  }

  std::string name;
  int fd = -1;
  qpdf_offset_t size = 0;
  qpdf_offset_t pos = 0;
  char window[64 * 1024];
  qpdf_offset_t window_start = 0;
  qpdf_offset_t window_length = 0;
};

static void
open_pdf (QPDF       &qpdf,
          const char *path)
{
  qpdf.processInputSource (std::make_shared<PreadInputSource> (path));
}

struct Source
{
  std::unique_ptr<QPDF> qpdf;
  std::vector<QPDFPageObjectHelper> pages;
};

struct Placement
{
  guint frame_page;
  int source;
  guint source_page;
};

struct OutlineItem
{
  int parent;
  std::string title;
  guint page;
};

struct Link
{
  guint page;
  double rect[4];
  guint target;
};

struct PageLabel
{
  guint first_page;
  std::string prefix;
  int start;
};

struct Cancelled : std::runtime_error
{
  Cancelled () : std::runtime_error ("cancelled") {}
};

class Reporter : public QPDFWriter::ProgressReporter
{
public:
  Reporter (SbPdfAssemblerProgress progress, gpointer data, GCancellable *cancellable)
    : progress (progress), data (data), cancellable (cancellable) {}

  void
  reportProgress (int percent) override
  {
    /* Throwing out of the writer is the only way to stop it early. */
    if (g_cancellable_is_cancelled (cancellable))
      throw Cancelled ();
    if (progress != nullptr)
      progress (0.2 + 0.8 * percent / 100.0, data);
  }

private:
  SbPdfAssemblerProgress progress;
  gpointer data;
  GCancellable *cancellable;
};

} /* namespace */

struct _SbPdfAssembler
{
  std::vector<std::unique_ptr<Source>> sources;
  std::vector<Placement> placements;
  std::vector<OutlineItem> outline;
  std::vector<Link> links;
  std::vector<PageLabel> labels;
  std::vector<std::pair<std::string, std::string>> info;
  PDFVersion min_version = PDFVersion (1, 5);
};

GQuark
sb_pdf_assembler_error_quark (void)
{
  return g_quark_from_static_string ("sb-pdf-assembler-error-quark");
}

SbPdfAssembler *
sb_pdf_assembler_new (void)
{
  return new _SbPdfAssembler ();
}

void
sb_pdf_assembler_free (SbPdfAssembler *self)
{
  delete self;
}

static PDFVersion
parse_version (QPDF &qpdf)
{
  int major = 1, minor = 0;

  if (sscanf (qpdf.getPDFVersion ().c_str (), "%d.%d", &major, &minor) != 2)
    return PDFVersion (1, 0);
  return PDFVersion (major, minor, qpdf.getExtensionLevel ());
}

static void
set_error (GError               **error,
           SbPdfAssemblerError    code,
           const char            *message)
{
  g_set_error_literal (error, SB_PDF_ASSEMBLER_ERROR, code, message);
}

int
sb_pdf_assembler_add_source (SbPdfAssembler  *self,
                             const char      *path,
                             GError         **error)
{
  auto source = std::make_unique<Source> ();

  try
    {
      source->qpdf = std::make_unique<QPDF> ();
      source->qpdf->setSuppressWarnings (true);
      open_pdf (*source->qpdf, path);
      QPDFPageDocumentHelper helper (*source->qpdf);
      /* Inherited resources must sit on each page before it is copied. */
      helper.pushInheritedAttributesToPage ();
      source->pages = helper.getAllPages ();
      self->min_version.updateIfGreater (parse_version (*source->qpdf));
    }
  catch (QPDFExc &e)
    {
      set_error (error, e.getErrorCode () == qpdf_e_password
                          ? SB_PDF_ASSEMBLER_ERROR_PASSWORD : SB_PDF_ASSEMBLER_ERROR_DAMAGED,
                 e.getMessageDetail ().c_str ());
      return -1;
    }
  catch (std::exception &e)
    {
      set_error (error, SB_PDF_ASSEMBLER_ERROR_DAMAGED, e.what ());
      return -1;
    }

  if (source->pages.empty ())
    {
      set_error (error, SB_PDF_ASSEMBLER_ERROR_NO_PAGES, "no pages");
      return -1;
    }
  self->sources.push_back (std::move (source));
  return (int) self->sources.size () - 1;
}

guint
sb_pdf_assembler_get_n_pages (SbPdfAssembler *self,
                              int             source)
{
  g_return_val_if_fail (source >= 0 && (gsize) source < self->sources.size (), 0);
  return self->sources[source]->pages.size ();
}

void
sb_pdf_assembler_place (SbPdfAssembler *self,
                        guint           frame_page,
                        int             source,
                        guint           source_page)
{
  self->placements.push_back ({ frame_page, source, source_page });
}

int
sb_pdf_assembler_add_outline (SbPdfAssembler *self,
                              int             parent,
                              const char     *title,
                              guint           page)
{
  self->outline.push_back ({ parent, title, page });
  return (int) self->outline.size () - 1;
}

void
sb_pdf_assembler_add_link (SbPdfAssembler *self,
                           guint           page,
                           double          x0,
                           double          y0,
                           double          x1,
                           double          y1,
                           guint           target_page)
{
  self->links.push_back ({ page, { x0, y0, x1, y1 }, target_page });
}

void
sb_pdf_assembler_add_page_label (SbPdfAssembler *self,
                                 guint           first_page,
                                 const char     *prefix,
                                 int             start)
{
  self->labels.push_back ({ first_page, prefix != nullptr ? prefix : "", start });
}

void
sb_pdf_assembler_set_info (SbPdfAssembler *self,
                           const char     *key,
                           const char     *value)
{
  self->info.emplace_back (std::string ("/") + key, value);
}

/* The matrix that puts a form whose transformed bounding box is box
 * into an A4 page: landscape turned a quarter counter-clockwise, so its
 * top lies on the binding edge as GB/T 9704 wants for tables; then
 * scaled to fit and centred. */
static QPDFMatrix
fit_to_a4 (QPDFObjectHandle::Rectangle box)
{
  double w = box.urx - box.llx;
  double h = box.ury - box.lly;
  gboolean turn = w > h * 1.02;
  double tw = turn ? h : w;
  double th = turn ? w : h;
  double scale = 1.0;
  double a, b, c, d;

  if (std::fabs (tw - A4_WIDTH) > A4_SLACK || std::fabs (th - A4_HEIGHT) > A4_SLACK)
    scale = std::min (A4_WIDTH / tw, A4_HEIGHT / th);

  /* Move the box's centre to the origin, turn and scale, then move it
   * to the page centre: x' = a x + c y + e, y' = b x + d y + f. */
  a = turn ? 0 : scale;
  b = turn ? scale : 0;
  c = turn ? -scale : 0;
  d = turn ? 0 : scale;
  double cx = (box.llx + box.urx) / 2;
  double cy = (box.lly + box.ury) / 2;
  double e = A4_WIDTH / 2 - (a * cx + c * cy);
  double f = A4_HEIGHT / 2 - (b * cx + d * cy);

  return QPDFMatrix (a, b, c, d, e, f);
}

/* Puts ops before what the page draws. A frame page's own content is
 * a small stream (number, footer): it is rewritten, as making a new
 * stream object makes qpdf rescan every object, N² over N pages. */
static void
prepend_content (QPDF                  &frame,
                 QPDFPageObjectHelper  &page,
                 std::string const     &ops)
{
  QPDFObjectHandle contents = page.getObjectHandle ().getKey ("/Contents");

  if (contents.isStream ())
    {
      std::shared_ptr<Buffer> data = contents.getStreamData (qpdf_dl_generalized);
      std::string text = ops + std::string (reinterpret_cast<char *> (data->getBuffer ()),
                                            data->getSize ());
      contents.replaceStreamData (text, QPDFObjectHandle::newNull (),
                                  QPDFObjectHandle::newNull ());
    }
  else
    page.addPageContents (frame.newStream (ops), true);
}

/* The source page as a form XObject, copied into the frame. A page with
 * one content stream is turned into the form itself, its data passed
 * through as it is; qpdf's getFormXObjectForPage would decode and
 * re-encode it, and make a new object. */
static QPDFObjectHandle
copy_page_as_form (QPDF                  &frame,
                   QPDFPageObjectHelper  &source_page,
                   std::set<QPDFObjGen>  &used)
{
  QPDFObjectHandle contents = source_page.getObjectHandle ().getKey ("/Contents");
  QPDFObjectHandle dict;

  if (!contents.isStream () || !contents.isIndirect () || used.count (contents.getObjGen ()))
    return frame.copyForeignObject (source_page.getFormXObjectForPage ());
  used.insert (contents.getObjGen ());

  /* The source is only read from: its stream may become the form. */
  dict = contents.getDict ();
  dict.replaceKey ("/Type", QPDFObjectHandle::newName ("/XObject"));
  dict.replaceKey ("/Subtype", QPDFObjectHandle::newName ("/Form"));
  dict.replaceKey ("/Resources", source_page.getAttribute ("/Resources", false).shallowCopy ());
  dict.replaceKey ("/Group", source_page.getAttribute ("/Group", false).shallowCopy ());
  dict.replaceKey ("/BBox", source_page.getTrimBox (false).shallowCopy ());
  if (!source_page.getAttribute ("/Rotate", false).isNull ()
      || !source_page.getAttribute ("/UserUnit", false).isNull ())
    dict.replaceKey ("/Matrix",
                     QPDFObjectHandle::newArray (source_page.getMatrixForTransformations ()));
  return frame.copyForeignObject (contents);
}

static void
place_page (QPDF                  &frame,
            QPDFPageObjectHelper  &page,
            QPDFPageObjectHelper  &source_page,
            std::set<QPDFObjGen>  &used,
            int                    serial)
{
  QPDFObjectHandle local = copy_page_as_form (frame, source_page, used);
  QPDFObjectHandle dict = local.getDict ();
  QPDFObjectHandle::Rectangle bbox = dict.getKey ("/BBox").getArrayAsRectangle ();
  QPDFMatrix form_matrix;

  if (dict.getKey ("/Matrix").isMatrix ())
    form_matrix = QPDFMatrix (dict.getKey ("/Matrix").getArrayAsMatrix ());
  QPDFMatrix cm = fit_to_a4 (form_matrix.transformRectangle (bbox));

  QPDFObjectHandle resources = page.getAttribute ("/Resources", true);
  if (!resources.isDictionary ())
    {
      resources = QPDFObjectHandle::newDictionary ();
      page.getObjectHandle ().replaceKey ("/Resources", resources);
    }
  QPDFObjectHandle xobjects = resources.getKey ("/XObject");
  if (!xobjects.isDictionary ())
    {
      xobjects = QPDFObjectHandle::newDictionary ();
      resources.replaceKey ("/XObject", xobjects);
    }
  /* The frame's resources may be shared between pages: a name unique
   * to this placement keeps pages from seeing each other's forms. */
  std::string name = "/SbAttached" + std::to_string (serial);
  xobjects.replaceKey (name, local);

  prepend_content (frame, page, "q " + cm.unparse () + " cm " + name + " Do Q\n");
}

static QPDFObjectHandle
make_dest (QPDFObjectHandle page)
{
  return QPDFObjectHandle::newArray ({ page, QPDFObjectHandle::newName ("/XYZ"),
                                       QPDFObjectHandle::newNull (),
                                       QPDFObjectHandle::newNull (),
                                       QPDFObjectHandle::newNull () });
}

static void
write_outline (SbPdfAssembler                     *self,
               QPDF                               &frame,
               std::vector<QPDFPageObjectHelper>  &pages)
{
  std::vector<QPDFObjectHandle> items;
  QPDFObjectHandle root;

  if (self->outline.empty ())
    return;

  root = frame.makeIndirectObject (QPDFObjectHandle::parse ("<< /Type /Outlines >>"));
  for (auto &item : self->outline)
    {
      QPDFObjectHandle dict = QPDFObjectHandle::newDictionary ();
      dict.replaceKey ("/Title", QPDFObjectHandle::newUnicodeString (item.title));
      dict.replaceKey ("/Dest", make_dest (pages.at (item.page).getObjectHandle ()));
      items.push_back (frame.makeIndirectObject (dict));
    }

  /* Link each item to its parent and siblings, in the order added. */
  std::vector<int> last_child (self->outline.size () + 1, -1);
  std::vector<int> n_children (self->outline.size () + 1, 0);
  for (gsize i = 0; i < items.size (); i++)
    {
      int parent = self->outline[i].parent;
      QPDFObjectHandle parent_obj = parent < 0 ? root : items.at (parent);
      int slot = parent < 0 ? (int) self->outline.size () : parent;

      items[i].replaceKey ("/Parent", parent_obj);
      if (last_child[slot] < 0)
        parent_obj.replaceKey ("/First", items[i]);
      else
        {
          items[last_child[slot]].replaceKey ("/Next", items[i]);
          items[i].replaceKey ("/Prev", items[last_child[slot]]);
        }
      parent_obj.replaceKey ("/Last", items[i]);
      last_child[slot] = i;
      n_children[slot]++;
    }
  /* Top-level items show their children: a positive /Count is "open". */
  for (gsize i = 0; i < items.size (); i++)
    if (n_children[i] > 0)
      items[i].replaceKey ("/Count", QPDFObjectHandle::newInteger (n_children[i]));
  root.replaceKey ("/Count", QPDFObjectHandle::newInteger (items.size ()));

  frame.getRoot ().replaceKey ("/Outlines", root);
  frame.getRoot ().replaceKey ("/PageMode", QPDFObjectHandle::newName ("/UseOutlines"));
}

static void
write_links (SbPdfAssembler                     *self,
             QPDF                               &frame,
             std::vector<QPDFPageObjectHelper>  &pages)
{
  for (auto &link : self->links)
    {
      QPDFObjectHandle page = pages.at (link.page).getObjectHandle ();
      QPDFObjectHandle annot = QPDFObjectHandle::parse ("<< /Type /Annot /Subtype /Link "
                                                        "/Border [0 0 0] >>");
      QPDFObjectHandle annots = page.getKey ("/Annots");

      annot.replaceKey ("/Rect", QPDFObjectHandle::newArray (QPDFObjectHandle::Rectangle (
                          link.rect[0], link.rect[1], link.rect[2], link.rect[3])));
      annot.replaceKey ("/Dest", make_dest (pages.at (link.target).getObjectHandle ()));
      if (!annots.isArray ())
        {
          annots = QPDFObjectHandle::newArray ();
          page.replaceKey ("/Annots", annots);
        }
      annots.appendItem (frame.makeIndirectObject (annot));
    }
}

static void
write_labels_and_info (SbPdfAssembler *self,
                       QPDF           &frame)
{
  if (!self->labels.empty ())
    {
      QPDFObjectHandle nums = QPDFObjectHandle::newArray ();
      for (auto &label : self->labels)
        {
          QPDFObjectHandle dict = QPDFObjectHandle::newDictionary ();
          if (!label.prefix.empty ())
            dict.replaceKey ("/P", QPDFObjectHandle::newUnicodeString (label.prefix));
          if (label.start > 0)
            {
              dict.replaceKey ("/S", QPDFObjectHandle::newName ("/D"));
              dict.replaceKey ("/St", QPDFObjectHandle::newInteger (label.start));
            }
          nums.appendItem (QPDFObjectHandle::newInteger (label.first_page));
          nums.appendItem (dict);
        }
      QPDFObjectHandle tree = QPDFObjectHandle::newDictionary ();
      tree.replaceKey ("/Nums", nums);
      frame.getRoot ().replaceKey ("/PageLabels", tree);
    }

  QPDFObjectHandle info = frame.getTrailer ().getKey ("/Info");
  if (!info.isDictionary ())
    {
      info = frame.makeIndirectObject (QPDFObjectHandle::newDictionary ());
      frame.getTrailer ().replaceKey ("/Info", info);
    }
  for (auto &entry : self->info)
    info.replaceKey (entry.first, QPDFObjectHandle::newUnicodeString (entry.second));
}

static void
assemble (SbPdfAssembler         *self,
          QPDF                   &frame,
          SbPdfAssemblerProgress  progress,
          gpointer                progress_data,
          GCancellable           *cancellable)
{
  QPDFPageDocumentHelper helper (frame);
  std::vector<QPDFPageObjectHelper> pages = helper.getAllPages ();
  std::set<QPDFObjGen> used;
  int serial = 0;

  for (auto &placement : self->placements)
    {
      Source &source = *self->sources.at (placement.source);

      if (g_cancellable_is_cancelled (cancellable))
        throw Cancelled ();
      place_page (frame, pages.at (placement.frame_page),
                  source.pages.at (placement.source_page), used, serial);
      serial++;
      if (progress != nullptr && serial % 16 == 0)
        progress (0.2 * serial / self->placements.size (), progress_data);
    }
  write_outline (self, frame, pages);
  write_links (self, frame, pages);
  write_labels_and_info (self, frame);
}

gboolean
sb_pdf_assembler_write (SbPdfAssembler          *self,
                        const char              *frame_path,
                        const char              *out_path,
                        SbPdfAssemblerProgress   progress,
                        gpointer                 progress_data,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  try
    {
      QPDF frame;

      frame.setSuppressWarnings (true);
      open_pdf (frame, frame_path);
      assemble (self, frame, progress, progress_data, cancellable);

      QPDFWriter writer (frame, out_path);
      /* Pass every stream through as it is: no image is re-encoded. */
      writer.setDecodeLevel (qpdf_dl_none);
      writer.setMinimumPDFVersion (self->min_version);
      writer.registerProgressReporter (
        std::make_shared<Reporter> (progress, progress_data, cancellable));
      writer.write ();
    }
  catch (Cancelled &)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  catch (std::exception &e)
    {
      /* Stream data is read at write time: a damaged attachment may
       * show up only here; qpdf's message names its file. */
      set_error (error, SB_PDF_ASSEMBLER_ERROR_WRITE, e.what ());
      return FALSE;
    }
  return TRUE;
}
