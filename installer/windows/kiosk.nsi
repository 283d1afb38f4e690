; Windows installer of the kiosk: the frozen app dir (installer/kiosk.spec) for all users.
;
; Built by installer/windows/make_installer.py, which passes:
;   VERSION          the package version (0.1.0)
;   VERSION_NUMERIC  four numbers for the version resource (0.1.0.0)
;   APP_DIR          the PyInstaller output folder (dist\kelurahan-kiosk)
;   OUTFILE          where the installer .exe goes
;
; Layout, as on Linux: each version in a folder of its own under the install dir
; ($INSTDIR\<version>\). The shortcuts run that folder's kiosk-launch.exe, the launcher
; (kiosk/updates/launcher.py): it starts the version the kiosk chose, tries an update the kiosk
; downloaded to %LOCALAPPDATA%\kelurahan-kiosk-releases\<version>\, and goes back by itself
; when the new version does not reach the sign-in screen (docs/install.md).
; The kiosk's data dir (%LOCALAPPDATA%\kelurahan-kiosk of the user running it) is never
; removed unless the person uninstalling ticks "Hapus data anjungan / Remove kiosk data"; the
; releases folder is removed with the app.

!ifndef VERSION | VERSION_NUMERIC | APP_DIR | OUTFILE
  !error "make_installer.py passes VERSION, VERSION_NUMERIC, APP_DIR and OUTFILE"
!endif

!define PRODUCT "Anjungan Layanan Adminduk"
!define PUBLISHER "Kelurahan Kiosk contributors"
!define APP_ID "kelurahan-kiosk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define SETTINGS_KEY "Software\${APP_ID}"
!define AUTOSTART_LINK "$SMSTARTUP\${PRODUCT} (mandiri).lnk"
; The versions the kiosk downloads and stages itself (kiosk.paths.releases_dir_path): app code,
; never citizen data, in each kiosk user's %LOCALAPPDATA%.
!define RELEASES_DIR "${APP_ID}-releases"
!define PROFILE_LIST "Software\Microsoft\Windows NT\CurrentVersion\ProfileList"

Unicode true
SetCompressor /SOLID lzma
Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\Kelurahan Kiosk"
InstallDirRegKey HKLM "${SETTINGS_KEY}" "InstallDir"
RequestExecutionLevel admin
ShowInstDetails show
BrandingText "${PRODUCT} ${VERSION}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"

!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${VERSION}\kiosk-launch.exe"
!define MUI_FINISHPAGE_RUN_PARAMETERS "run"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; Bahasa Indonesia first: the installer starts in the language of Windows, else Indonesian.
!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

LangString SecAppName ${LANG_INDONESIAN} "Aplikasi anjungan (wajib)"
LangString SecAppName ${LANG_ENGLISH} "The kiosk app (required)"
LangString SecAppDesc ${LANG_INDONESIAN} "Program kiosk dan kiosk-server, dengan menu Start."
LangString SecAppDesc ${LANG_ENGLISH} "The kiosk and kiosk-server programs, with a Start-menu entry."
LangString SecAutostartName ${LANG_INDONESIAN} "Anjungan mandiri saat Windows masuk"
LangString SecAutostartName ${LANG_ENGLISH} "Self-service kiosk at Windows sign-in"
LangString SecAutostartDesc ${LANG_INDONESIAN} "Hanya untuk komputer anjungan mandiri: membuka profil mandiri layar penuh setiap kali pengguna masuk."
LangString SecAutostartDesc ${LANG_ENGLISH} "Only for a self-service kiosk machine: opens the self-service profile full screen at every sign-in."
LangString SecRemoveDataName ${LANG_INDONESIAN} "Hapus data anjungan"
LangString SecRemoveDataName ${LANG_ENGLISH} "Remove kiosk data"
LangString SecRemoveDataDesc ${LANG_INDONESIAN} "Menghapus basis data, berkas terenkripsi dan pengaturan pengguna ini. Permohonan yang belum terkirim ke server akan hilang."
LangString SecRemoveDataDesc ${LANG_ENGLISH} "Deletes this user's database, encrypted files and settings. Applications not yet sent to the server are lost."
LangString MsgNeeds64Bit ${LANG_INDONESIAN} "Anjungan memerlukan Windows 64-bit."
LangString MsgNeeds64Bit ${LANG_ENGLISH} "The kiosk needs 64-bit Windows."
LangString ShortcutComment ${LANG_INDONESIAN} "Layanan dokumen kependudukan kelurahan"
LangString ShortcutComment ${LANG_ENGLISH} "Kelurahan population-document services"

VIProductVersion "${VERSION_NUMERIC}"
VIFileVersion "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${PRODUCT} ${VERSION} setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "MIT License, ${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "FileDescription" "Pemasang ${PRODUCT} ${VERSION}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "LegalCopyright" "Lisensi MIT, ${PUBLISHER}"

Function un.onInit
  SetRegView 64
FunctionEnd

Section "!$(SecAppName)" SecApp
  SectionIn RO
  SetShellVarContext all
  ReadRegStr $R0 HKLM "${SETTINGS_KEY}" "Version"  ; the version installed before, if any
  ; A reinstall of the same version replaces its folder.
  RMDir /r "$INSTDIR\${VERSION}"
  SetOutPath "$INSTDIR\${VERSION}"
  File /r "${APP_DIR}\*.*"
  SetOutPath "$INSTDIR"
  ; An upgrade (or downgrade) replaces the version before, as the Debian package does. The
  ; versions the kiosk downloads itself live in the releases folder, which the launcher reads.
  ${If} $R0 != ""
  ${AndIf} $R0 != "${VERSION}"
    RMDir /r "$INSTDIR\$R0"
  ${EndIf}
  ; The autostart section below puts the link back when it stays ticked.
  Delete "${AUTOSTART_LINK}"
  WriteRegDWORD HKLM "${SETTINGS_KEY}" "Autostart" 0
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${VERSION}\kiosk-launch.exe" "run" \
    "" "" SW_SHOWNORMAL "" "$(ShortcutComment)"
  WriteRegStr HKLM "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${SETTINGS_KEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${VERSION}\kiosk-app.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

; Off on a first install unless ticked, or chosen with `/AUTOSTART=1` (unattended: `/S`).
Section /o "$(SecAutostartName)" SecAutostart
  SetShellVarContext all
  CreateShortCut "${AUTOSTART_LINK}" "$INSTDIR\${VERSION}\kiosk-launch.exe" \
    "run --profile selfservice" "" "" SW_SHOWNORMAL "" "$(ShortcutComment)"
  WriteRegDWORD HKLM "${SETTINGS_KEY}" "Autostart" 1
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "$(SecAppDesc)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecAutostart} "$(SecAutostartDesc)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP|MB_OK "$(MsgNeeds64Bit)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  ; An upgrade keeps the autostart choice made before; /AUTOSTART=1 or 0 overrides it.
  ReadRegDWORD $2 HKLM "${SETTINGS_KEY}" "Autostart"
  ${If} $2 == 1
    !insertmacro SelectSection ${SecAutostart}
  ${EndIf}
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/AUTOSTART=" $1
  ${IfNot} ${Errors}
    ${If} $1 == "1"
      !insertmacro SelectSection ${SecAutostart}
    ${Else}
      !insertmacro UnselectSection ${SecAutostart}
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "un.$(SecAppName)" UnSecApp
  SectionIn RO
  SetShellVarContext all
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "${AUTOSTART_LINK}"
  ; Only folders this installer made: never `RMDir /r $INSTDIR`, which could be a shared
  ; folder someone typed on the directory page.
  ReadRegStr $0 HKLM "${SETTINGS_KEY}" "Version"
  ${If} $0 != ""
    RMDir /r "$INSTDIR\$0"
  ${EndIf}
  RMDir /r "$INSTDIR\${VERSION}"
  Call un.RemoveStagedReleases
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${SETTINGS_KEY}"
SectionEnd

; The staged releases go with the app, for every user profile on the machine (the kiosk user
; is seldom the one uninstalling): only the folder of that one name, never the data dir beside
; it. A folder chosen with KIOSK_RELEASES_DIR is left alone (docs/install.md).
Function un.RemoveStagedReleases
  SetShellVarContext current
  RMDir /r "$LOCALAPPDATA\${RELEASES_DIR}"
  SetShellVarContext all
  StrCpy $R1 0
  ${Do}
    EnumRegKey $R2 HKLM "${PROFILE_LIST}" $R1
    ${If} $R2 == ""
      ${Break}
    ${EndIf}
    ReadRegStr $R3 HKLM "${PROFILE_LIST}\$R2" "ProfileImagePath"
    ExpandEnvStrings $R3 $R3
    ${If} $R3 != ""
    ${AndIf} ${FileExists} "$R3\AppData\Local\${RELEASES_DIR}\*.*"
      RMDir /r "$R3\AppData\Local\${RELEASES_DIR}"
    ${EndIf}
    IntOp $R1 $R1 + 1
  ${Loop}
FunctionEnd

; Unticked by default, so a plain or silent uninstall keeps the data dir.
Section /o "un.$(SecRemoveDataName)" UnSecRemoveData
  SetShellVarContext current
  RMDir /r "$LOCALAPPDATA\${APP_ID}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecApp} "$(SecAppDesc)"
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecRemoveData} "$(SecRemoveDataDesc)"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
