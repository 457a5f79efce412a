/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <stdio.h>
#include <time.h>

#include <glib/gi18n.h>

#include "sb-print-checklist.h"
#include "sb-sign-places.h"
#include "sb-ui-util.h"

#define DEFAULT_COPIES 3

struct _SbPrintChecklist
{
  AdwBin      parent_instance;

  GtkWidget  *box;
  GtkWidget  *sign_list;
  GtkWidget  *sign_note;
  GtkWidget  *print_list;
  GtkWidget  *mail_list;
  GtkWidget  *contacts_heading;
  GtkWidget  *contacts_list;

  SbTemplate *template;
  char       *today;
  GPtrArray  *places;
  char       *fingerprint;
  gboolean    draft;
};

G_DEFINE_FINAL_TYPE (SbPrintChecklist, sb_print_checklist, ADW_TYPE_BIN)

enum {
  PAGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The template's "submission" object: how the paper packet is made */

static JsonObject *
get_instructions (SbPrintChecklist *self)
{
  return self->template ? sb_template_get_object (self->template, "submission") : NULL;
}

static const char *
get_string (SbPrintChecklist *self,
            const char       *member)
{
  JsonObject *object = get_instructions (self);
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_boolean (SbPrintChecklist *self,
             const char       *member,
             gboolean          fallback)
{
  JsonObject *object = get_instructions (self);
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

/* Numbers of copies as words: the notice says 一式三份, not 一式 3 份. */
static char *
dup_copies_word (guint copies)
{
  static const char *words[] = {
    NULL, NC_("copies", "one"), NC_("copies", "two"), NC_("copies", "three"),
    NC_("copies", "four"), NC_("copies", "five"), NC_("copies", "six"),
    NC_("copies", "seven"), NC_("copies", "eight"), NC_("copies", "nine"),
    NC_("copies", "ten"),
  };

  if (copies > 0 && copies < G_N_ELEMENTS (words))
    return g_strdup (g_dpgettext2 (NULL, "copies", words[copies]));
  return g_strdup_printf ("%u", copies);
}

static char *
dup_paper_sentence (SbPrintChecklist *self)
{
  const char *paper = get_string (self, "paper");
  g_autofree char *word = dup_copies_word (sb_print_checklist_get_copies (self));
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (paper == NULL)
    paper = "A4";
  g_ptr_array_add (parts, g_strdup_printf (get_boolean (self, "duplex", TRUE)
                                           ? _("%s paper, printed on both sides")
                                           : _("%s paper, printed on one side"), paper));
  if (get_boolean (self, "bound", TRUE))
    g_ptr_array_add (parts, g_strdup (_("bound as one volume")));
  g_ptr_array_add (parts, g_strdup_printf (_("%s copies"), word));
  g_ptr_array_add (parts, NULL);
  /* Translators: joins the parts of "A4 paper, both sides, bound, three copies". */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

/* Dates */

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint year, month, day;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3
      || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static void
get_today (SbPrintChecklist *self,
           GDate            *date)
{
  if (!parse_date (self->today, date))
    {
      g_date_clear (date, 1);
      g_date_set_time_t (date, time (NULL));
    }
}

static char *
format_date (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (g_date_get_year (date),
                                                     g_date_get_month (date),
                                                     g_date_get_day (date), 12, 0, 0);

  /* Translators: a date such as "14 May 2025", as a g_date_time_format() format. */
  return g_date_time_format (time, C_("long date", "%-d %B %Y"));
}

static char *
dup_countdown (int days)
{
  if (days > 0)
    return g_strdup_printf (g_dngettext (NULL, "%d day left", "%d days left", days), days);
  if (days == 0)
    return g_strdup (_("Due today"));
  return g_strdup_printf (g_dngettext (NULL, "%d day past", "%d days past", -days), -days);
}

/* Rows */

static GtkWidget *
add_row (GtkWidget  *list,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static GtkWidget *
add_selectable_row (GtkWidget  *list,
                    const char *title,
                    const char *subtitle)
{
  GtkWidget *row = add_row (list, title, subtitle);

  /* Addresses and numbers get copied into a courier's form. */
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  return row;
}

static void
clear_list (GtkWidget *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (list), child);
}

static GtkWidget *
make_badge (GtkWidget  *row,
            const char *text,
            const char *css_class)
{
  GtkWidget *badge = gtk_label_new (text);

  g_object_set_data_full (G_OBJECT (row), "badge", g_strdup (text), g_free);

  gtk_widget_add_css_class (badge, "sb-checklist-badge");
  gtk_widget_add_css_class (badge, css_class);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  return badge;
}

static void
sign_row_activated_cb (SbPrintChecklist *self,
                       AdwActionRow     *row)
{
  guint page = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "page"));

  if (page > 0)
    g_signal_emit (self, signals[PAGE_ACTIVATED], 0, page);
}

static void
add_sign_row (SbPrintChecklist  *self,
              const SbSignPlace *place)
{
  g_autofree char *where = NULL;
  GtkWidget *row;

  if (place->page > 0)
    /* Translators: a document and the page of the packet: "申报表, page 8". */
    where = g_strdup_printf (_("%s, page %u"), place->document, place->page);
  else
    where = g_strdup (place->document);
  row = add_row (self->sign_list, place->label, where);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             place->stamp ? make_badge (row, C_("sign place", "Seal"), "sb-seal")
                                          : make_badge (row, C_("sign place", "Sign"), "sb-sign"));
  if (place->page == 0)
    return;
  g_object_set_data (G_OBJECT (row), "page", GUINT_TO_POINTER (place->page));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Show this page"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_signal_connect_object (row, "activated", G_CALLBACK (sign_row_activated_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
rebuild_sign_list (SbPrintChecklist *self)
{
  g_autofree char *word = dup_copies_word (sb_print_checklist_get_copies (self));
  g_autofree char *note = g_strdup_printf (_("Sign and stamp each of the %s copies by hand."),
                                           word);

  clear_list (self->sign_list);
  gtk_label_set_label (GTK_LABEL (self->sign_note), note);
  if (self->places == NULL)
    {
      add_row (self->sign_list, _("Finding the pages…"), NULL);
      return;
    }
  for (guint i = 0; i < self->places->len; i++)
    add_sign_row (self, g_ptr_array_index (self->places, i));
  if (self->places->len == 0)
    add_row (self->sign_list, _("Nothing to sign or stamp"), NULL);
}

static void
rebuild_print_list (SbPrintChecklist *self)
{
  g_autofree char *sentence = dup_paper_sentence (self);
  g_autofree char *version = NULL;
  GtkWidget *row;

  clear_list (self->print_list);
  add_row (self->print_list, sentence, _("As the notice asks"));
  if (self->fingerprint == NULL)
    return;
  version = g_strdup_printf (_("Version %s"), self->fingerprint);
  row = add_selectable_row (self->print_list, version,
                            self->draft
                            ? _("A draft: every page is marked 草稿. Do not mail it.")
                            : _("Printed at the foot of every page: all copies must show this "
                                "number"));
  if (self->draft)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), make_badge (row, _("Draft"), "sb-draft"));
}

static void
add_deadline_row (SbPrintChecklist *self)
{
  GDate deadline, today;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  g_autofree char *countdown = NULL;
  GtkWidget *row, *label;
  int days;

  if (self->template == NULL
      || !parse_date (sb_template_get_paper_deadline (self->template), &deadline))
    return;
  get_today (self, &today);
  days = g_date_days_between (&today, &deadline);
  date = format_date (&deadline);
  title = g_strdup_printf (_("Paper copies accepted until %s"), date);
  countdown = dup_countdown (days);
  row = add_row (self->mail_list, title, NULL);
  label = make_badge (row, countdown, days < 0 ? "error" : days <= 3 ? "warning" : "sb-days");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

static void
rebuild_mail_lists (SbPrintChecklist *self)
{
  JsonObject *instructions = get_instructions (self);
  JsonNode *contacts = instructions ? json_object_get_member (instructions, "contacts") : NULL;
  guint n_contacts = 0;

  clear_list (self->mail_list);
  clear_list (self->contacts_list);
  add_deadline_row (self);
  if (get_string (self, "mail_address") != NULL)
    add_selectable_row (self->mail_list, get_string (self, "mail_address"), _("Mail to"));
  if (get_string (self, "recipient") != NULL)
    add_selectable_row (self->mail_list, get_string (self, "recipient"), _("Recipient"));

  if (contacts != NULL && JSON_NODE_HOLDS_ARRAY (contacts))
    {
      JsonArray *array = json_node_get_array (contacts);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonObject *contact = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                              : NULL;
          g_autofree char *title = NULL;

          if (contact == NULL)
            continue;
          title = g_strdup_printf ("%s %s",
                                   json_object_get_string_member_with_default (contact, "name",
                                                                               ""),
                                   json_object_get_string_member_with_default (contact, "phone",
                                                                               ""));
          add_selectable_row (self->contacts_list, g_strstrip (title),
                              json_object_get_string_member_with_default (contact,
                                                                          "organisation",
                                                                          NULL));
          n_contacts++;
        }
    }
  gtk_widget_set_visible (self->contacts_heading, n_contacts > 0);
  gtk_widget_set_visible (self->contacts_list, n_contacts > 0);
}

static void
rebuild (SbPrintChecklist *self)
{
  rebuild_sign_list (self);
  rebuild_print_list (self);
  rebuild_mail_lists (self);
}

/* Layout */

/* The print preview's styles too: it always holds a checklist. */
static void
ensure_css (void)
{
  static gboolean loaded;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  sb_ui_ensure_resources ();
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/shenbao/Shenbao/sb-print.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static GtkWidget *
add_section (SbPrintChecklist *self,
             const char       *title,
             GtkWidget       **heading_out)
{
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 6);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (GTK_BOX (self->box), heading);
  gtk_box_append (GTK_BOX (self->box), list);
  if (heading_out != NULL)
    *heading_out = heading;
  return list;
}

static void
sb_print_checklist_dispose (GObject *object)
{
  SbPrintChecklist *self = SB_PRINT_CHECKLIST (object);

  g_clear_object (&self->template);
  g_clear_pointer (&self->places, g_ptr_array_unref);
  G_OBJECT_CLASS (sb_print_checklist_parent_class)->dispose (object);
}

static void
sb_print_checklist_finalize (GObject *object)
{
  SbPrintChecklist *self = SB_PRINT_CHECKLIST (object);

  g_free (self->today);
  g_free (self->fingerprint);
  G_OBJECT_CLASS (sb_print_checklist_parent_class)->finalize (object);
}

static void
sb_print_checklist_class_init (SbPrintChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_print_checklist_dispose;
  object_class->finalize = sb_print_checklist_finalize;

  signals[PAGE_ACTIVATED] =
    g_signal_new ("page-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "sbprintchecklist");
}

static void
sb_print_checklist_init (SbPrintChecklist *self)
{
  GtkWidget *title = gtk_label_new (_("Print Checklist"));

  ensure_css ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->box, 18);
  gtk_widget_set_margin_end (self->box, 18);
  gtk_widget_set_margin_top (self->box, 18);
  gtk_widget_set_margin_bottom (self->box, 18);
  adw_bin_set_child (ADW_BIN (self), self->box);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-3");
  gtk_box_append (GTK_BOX (self->box), title);

  self->sign_list = add_section (self, _("Sign and Stamp"), NULL);
  self->sign_note = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->sign_note), 0);
  gtk_label_set_wrap (GTK_LABEL (self->sign_note), TRUE);
  gtk_widget_add_css_class (self->sign_note, "dim-label");
  gtk_widget_add_css_class (self->sign_note, "caption");
  gtk_box_append (GTK_BOX (self->box), self->sign_note);
  self->print_list = add_section (self, _("Print and Bind"), NULL);
  self->mail_list = add_section (self, _("Mail"), NULL);
  self->contacts_list = add_section (self, _("Questions"), &self->contacts_heading);
  rebuild (self);
}

GtkWidget *
sb_print_checklist_new (void)
{
  return g_object_new (SB_TYPE_PRINT_CHECKLIST, NULL);
}

void
sb_print_checklist_set_template (SbPrintChecklist *self,
                                 SbTemplate       *template,
                                 const char       *today)
{
  g_return_if_fail (SB_IS_PRINT_CHECKLIST (self));
  g_return_if_fail (template == NULL || SB_IS_TEMPLATE (template));

  g_set_object (&self->template, template);
  g_free (self->today);
  self->today = g_strdup (today);
  rebuild (self);
}

void
sb_print_checklist_set_sign_places (SbPrintChecklist *self,
                                    GPtrArray        *places)
{
  g_return_if_fail (SB_IS_PRINT_CHECKLIST (self));

  if (places != NULL)
    g_ptr_array_ref (places);
  g_clear_pointer (&self->places, g_ptr_array_unref);
  self->places = places;
  rebuild_sign_list (self);
}

void
sb_print_checklist_set_fingerprint (SbPrintChecklist *self,
                                    const char       *fingerprint,
                                    gboolean          draft)
{
  g_return_if_fail (SB_IS_PRINT_CHECKLIST (self));

  g_free (self->fingerprint);
  self->fingerprint = g_strdup (fingerprint);
  self->draft = draft;
  rebuild_print_list (self);
}

guint
sb_print_checklist_get_copies (SbPrintChecklist *self)
{
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (SB_IS_PRINT_CHECKLIST (self), DEFAULT_COPIES);

  object = get_instructions (self);
  node = object ? json_object_get_member (object, "copies") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return DEFAULT_COPIES;
  return (guint) CLAMP (json_node_get_int (node), 1, 99);
}

int
sb_print_checklist_get_days_left (SbPrintChecklist *self)
{
  GDate deadline, today;

  g_return_val_if_fail (SB_IS_PRINT_CHECKLIST (self), 0);
  if (self->template == NULL
      || !parse_date (sb_template_get_paper_deadline (self->template), &deadline))
    return 0;
  get_today (self, &today);
  return g_date_days_between (&today, &deadline);
}

static void
append_row_text (GString   *text,
                 GtkWidget *row)
{
  const char *badge = g_object_get_data (G_OBJECT (row), "badge");

  if (!ADW_IS_ACTION_ROW (row))
    return;
  if (badge != NULL)
    g_string_append_printf (text, "[%s] ", badge);
  g_string_append (text, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  if (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) != NULL
      && *adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) != '\0')
    g_string_append_printf (text, " — %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_string_append_c (text, '\n');
}

char *
sb_print_checklist_dup_text (SbPrintChecklist *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (SB_IS_PRINT_CHECKLIST (self), NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (self->box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child))
        g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
      else if (GTK_IS_LIST_BOX (child))
        for (GtkWidget *row = gtk_widget_get_first_child (child);
             row != NULL;
             row = gtk_widget_get_next_sibling (row))
          append_row_text (text, row);
    }
  return g_string_free (text, FALSE);
}
