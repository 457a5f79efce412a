/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-core.h"
#include "sb-file-chooser.h"
#include "sb-recovery.h"
#include "sb-ui-util.h"
#include "sb-window.h"

#define MAX_RECENT 8

struct _SbApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GMenu          *recent_menu;
  GtkWidget      *recovery_dialog;
  gboolean        recovery_offered;
};

G_DEFINE_FINAL_TYPE (SbApplication, sb_application, ADW_TYPE_APPLICATION)

static gint64 start_time;

void
sb_application_mark_start (void)
{
  start_time = g_get_monotonic_time ();
}

gint64
sb_application_get_start_time (void)
{
  return start_time;
}

void
sb_application_report (const char *format,
                       ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (g_getenv ("SHENBAO_REPORT_STATE") == NULL && g_getenv ("SHENBAO_REPORT_FIRST_FRAME") == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("shenbao: %s\n", message);
  fflush (stdout);
}

/* Settings: the installed schema, else the build tree's, so an
 * uninstalled build runs too. */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) build_source = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
#ifdef SB_BUILD_SCHEMA_DIR
  if (schema == NULL)
    {
      build_source = g_settings_schema_source_new_from_directory (SB_BUILD_SCHEMA_DIR, source,
                                                                  FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APP_ID, FALSE);
    }
#endif
  if (schema == NULL)
    g_error ("The GSettings schema %s is not installed", APP_ID);
  return g_settings_new_full (schema, NULL, NULL);
}

/* Recent files */

static gint
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *da = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *db = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (db, da);
}

static void
update_recent_menu (SbApplication *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  g_autoptr(GPtrArray) shenbao = g_ptr_array_new ();
  guint shown = 0;

  for (GList *l = items; l != NULL; l = l->next)
    if (g_str_has_suffix (gtk_recent_info_get_uri (l->data), ".shenbao")
        && gtk_recent_info_exists (l->data))
      g_ptr_array_add (shenbao, l->data);
  g_ptr_array_sort (shenbao, compare_recent);

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; i < shenbao->len && shown < MAX_RECENT; i++, shown++)
    {
      GtkRecentInfo *info = g_ptr_array_index (shenbao, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target (item, "app.open-recent", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
    }
  if (shown == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Submissions"), "app.none");

      g_menu_append_item (self->recent_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* Windows */

static SbWindow *
find_pristine_window (SbApplication *self,
                      GtkWindow     *hint)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SB_IS_WINDOW (hint) && sb_window_is_pristine (SB_WINDOW (hint)))
    return SB_WINDOW (hint);
  if (SB_IS_WINDOW (active) && sb_window_is_pristine (SB_WINDOW (active)))
    return SB_WINDOW (active);
  return NULL;
}

static SbWindow *
find_window_for_file (SbApplication *self,
                      GFile         *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      SbSubmission *submission;

      if (!SB_IS_WINDOW (l->data) || sb_window_is_untitled (l->data))
        continue;
      submission = sb_window_get_submission (l->data);
      if (submission && g_file_equal (sb_submission_get_file (submission), file))
        return l->data;
    }
  return NULL;
}

static gboolean
give_new_submission (SbWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, &error);
  g_autoptr(SbSubmission) submission = NULL;

  if (template == NULL)
    {
      g_critical ("No built-in template: %s", error->message);
      return FALSE;
    }
  submission = sb_submission_new (template);
  sb_window_set_submission (window, submission);
  return TRUE;
}

static SbWindow *
new_window (SbApplication *self)
{
  return sb_window_new (GTK_APPLICATION (self));
}

void
sb_application_open_file (SbApplication *self,
                          GFile         *file,
                          GtkWindow     *hint)
{
  SbWindow *window;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SB_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  if ((window = find_window_for_file (self, file)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  window = find_pristine_window (self, hint);
  if (window == NULL)
    window = new_window (self);
  if (!sb_window_load_file (window, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

      if (sb_window_get_submission (window) == NULL)
        give_new_submission (window);
      gtk_window_present (GTK_WINDOW (window));
      sb_window_show_error (window, heading, error);
      return;
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* Recovery */

GFile *
sb_application_dup_recovery_folder (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "shenbao", "recovery",
                                            NULL);

  return g_file_new_for_path (path);
}

static gboolean
is_owned_by_window (SbApplication *self,
                    GFile         *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      GFile *own = SB_IS_WINDOW (l->data) ? sb_window_get_recovery_file (l->data) : NULL;

      if (own != NULL && g_file_equal (own, file))
        return TRUE;
    }
  return FALSE;
}

static gint
compare_files (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *pa = g_file_get_path (*(GFile **) a);
  g_autofree char *pb = g_file_get_path (*(GFile **) b);

  return g_strcmp0 (pa, pb);
}

GPtrArray *
sb_application_find_recovery (SbApplication *self)
{
  g_autoptr(GFile) folder = sb_application_dup_recovery_folder ();
  g_autoptr(GFileEnumerator) children = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                        G_FILE_QUERY_INFO_NONE, NULL, NULL);
  while (children != NULL
         && g_file_enumerator_iterate (children, &info, &child, NULL, NULL)
         && info != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (!g_str_has_suffix (name, ".shenbao") || g_file_info_get_size (info) == 0)
        continue;
      if (self != NULL && is_owned_by_window (self, child))
        continue;
      g_ptr_array_add (found, g_object_ref (child));
    }
  g_ptr_array_sort (found, compare_files);
  return found;
}

static void
recover (SbApplication *self,
         GPtrArray     *files,
         GtkWindow     *parent)
{
  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      SbWindow *window = find_pristine_window (self, parent);
      g_autoptr(GError) error = NULL;
      gboolean created = window == NULL;

      if (created)
        window = new_window (self);
      if (!sb_window_load_recovery (window, file, &error))
        {
          if (sb_window_get_submission (window) == NULL)
            give_new_submission (window);
          sb_window_show_error (window, _("Could Not Recover the Submission"), error);
        }
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
recovery_response_cb (SbApplication    *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  GPtrArray *files = g_object_get_data (G_OBJECT (dialog), "files");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  if (g_strcmp0 (response, "recover") == 0)
    recover (self, files, parent);
  else if (g_strcmp0 (response, "discard") == 0)
    for (guint i = 0; i < files->len; i++)
      sb_recovery_delete (g_ptr_array_index (files, i));
  sb_application_report ("recovery-answered %s", response);
}

GtkWidget *
sb_application_offer_recovery (SbApplication *self,
                               GtkWindow     *parent)
{
  g_autoptr(GPtrArray) files = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (SB_IS_APPLICATION (self), NULL);

  if (self->recovery_offered)
    return NULL;
  self->recovery_offered = TRUE;
  files = sb_application_find_recovery (self);
  if (files->len == 0)
    return NULL;

  dialog = adw_message_dialog_new (parent, _("Recover Unsaved Work?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "Shenbao stopped before %u submission was "
                                               "saved. Its last copy can be opened now.",
                                               "Shenbao stopped before %u submissions were "
                                               "saved. Their last copies can be opened now.",
                                               files->len),
                                  files->len);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "later", _("_Not Now"),
                                    "recover", _("_Recover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recover",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_object_set_data_full (G_OBJECT (dialog), "files", g_ptr_array_ref (files),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (recovery_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->recovery_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  sb_application_report ("recovery-offered %u", files->len);
  return dialog;
}

GtkWidget *
sb_application_get_recovery_dialog (SbApplication *self)
{
  g_return_val_if_fail (SB_IS_APPLICATION (self), NULL);
  return self->recovery_dialog;
}

/* Actions */

static void
new_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  SbApplication *self = user_data;
  SbWindow *window = find_pristine_window (self, NULL);

  if (window == NULL)
    {
      window = new_window (self);
      give_new_submission (window);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
open_chosen_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SbApplication) self = user_data;
  g_autoptr(GListModel) files = sb_file_chooser_open_finish (result, NULL);
  g_autoptr(GFile) file = files ? g_list_model_get_item (files, 0) : NULL;

  if (file != NULL)
    sb_application_open_file (self, file,
                              gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
open_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  SbApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) submissions = NULL;
  g_autoptr(GtkFileFilter) json = NULL;
  g_autofree char *folder_uri = g_settings_get_string (self->settings, "last-folder");
  g_autoptr(GFile) folder = *folder_uri ? g_file_new_for_uri (folder_uri) : NULL;
  SbFileChooserOptions options = { 0 };

  submissions = sb_file_chooser_new_filter (_("Submissions"), SB_ARCHIVE_MIMETYPE, "shenbao",
                                            NULL);
  json = sb_file_chooser_new_filter (_("Submission Data (JSON)"), "json", NULL);
  g_list_store_append (filters, submissions);
  g_list_store_append (filters, json);
  options.title = _("Open Submission");
  options.accept_label = _("_Open");
  options.filters = G_LIST_MODEL (filters);
  options.folder = folder;
  sb_file_chooser_open_async (parent, &options, NULL, open_chosen_cb, g_object_ref (self));
}

static void
open_recent_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));
  SbApplication *self = user_data;

  sb_application_open_file (self, file,
                            gtk_application_get_active_window (GTK_APPLICATION (self)));
}

/* Each window asks about its own unsaved work. */
static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  SbApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  SbApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Shenbao"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Draft, check and print the application packet of an "
                                   "open call"));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Shenbao developers"));
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "new", new_action },
  { "open", open_action },
  { "open-recent", open_recent_action, "s" },
  { "quit", quit_action },
  { "about", about_action },
};

static void
set_accels (GtkApplication *application)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.new", { "<Control>n", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.show-problems", { "F9", NULL } },
    { "win.previous-page", { "<Control>Page_Up", NULL } },
    { "win.next-page", { "<Control>Page_Down", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (application, accels[i].action, accels[i].accels);
}

/* Application */

static void
sb_application_startup (GApplication *application)
{
  SbApplication *self = SB_APPLICATION (application);
  g_autoptr(GAction) autosave = NULL;

  G_APPLICATION_CLASS (sb_application_parent_class)->startup (application);
  g_debug ("Started up at %.1f ms", (g_get_monotonic_time () - start_time) / 1000.0);

  g_set_application_name (_("Shenbao"));
  gtk_window_set_default_icon_name (APP_ID);
  self->settings = create_settings ();
  autosave = g_settings_create_action (self->settings, "autosave");
  g_action_map_add_action (G_ACTION_MAP (self), autosave);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  set_accels (GTK_APPLICATION (self));

  self->recent_menu = g_menu_new ();
  update_recent_menu (self);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
}

static void
sb_application_activate (GApplication *application)
{
  SbApplication *self = SB_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (new_window (self));
      give_new_submission (SB_WINDOW (window));
    }
  gtk_window_present (window);
  sb_application_offer_recovery (self, window);
}

static void
sb_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  SbApplication *self = SB_APPLICATION (application);

  g_debug ("Opening at %.1f ms", (g_get_monotonic_time () - start_time) / 1000.0);
  for (int i = 0; i < n_files; i++)
    sb_application_open_file (self, files[i], NULL);
  g_debug ("Opened at %.1f ms", (g_get_monotonic_time () - start_time) / 1000.0);
  sb_application_offer_recovery (self,
                                 gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
sb_application_dispose (GObject *object)
{
  SbApplication *self = SB_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);
  G_OBJECT_CLASS (sb_application_parent_class)->dispose (object);
}

static void
sb_application_class_init (SbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sb_application_dispose;
  application_class->startup = sb_application_startup;
  application_class->activate = sb_application_activate;
  application_class->open = sb_application_open;
}

static void
sb_application_init (SbApplication *self)
{
  /* Before startup, which loads the help overlay and style.css from them. */
  sb_ui_ensure_resources ();
}

SbApplication *
sb_application_new (void)
{
  return g_object_new (SB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/shenbao/Shenbao",
                       NULL);
}

GSettings *
sb_application_get_settings (SbApplication *self)
{
  g_return_val_if_fail (SB_IS_APPLICATION (self), NULL);
  return self->settings;
}

GMenuModel *
sb_application_get_recent_menu (SbApplication *self)
{
  g_return_val_if_fail (SB_IS_APPLICATION (self), NULL);
  return G_MENU_MODEL (self->recent_menu);
}
