<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id_ID">
<context>
    <name>AboutScreen</name>
    <message>
        <source>Tentang anjungan ini</source>
        <translation>About this kiosk</translation>
    </message>
    <message>
        <source>Memuat...</source>
        <translation>Loading...</translation>
    </message>
    <message>
        <source>Versi aplikasi</source>
        <translation>App version</translation>
    </message>
    <message>
        <source>Kanal pembaruan</source>
        <translation>Update channel</translation>
    </message>
    <message>
        <source>Pembaruan siap (dipasang saat dibuka ulang)</source>
        <translation>Update ready (installed at the next start)</translation>
    </message>
    <message>
        <source>Versi sebelumnya</source>
        <translation>Previous version</translation>
    </message>
    <message>
        <source>Konfigurasi kabupaten</source>
        <translation>District configuration</translation>
    </message>
    <message>
        <source>Diterbitkan</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>Layanan yang tersedia</source>
        <translation>Services offered</translation>
    </message>
    <message>
        <source>Kantor</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Pembaruan ditolak</source>
        <translation>Update refused</translation>
    </message>
    <message>
        <source>Konfigurasi ditolak</source>
        <translation>Configuration refused</translation>
    </message>
</context>
<context>
    <name>AddVisitDialog</name>
    <message>
        <source>Pilih kategori kunjungan</source>
        <translation>Choose the visit&apos;s category</translation>
    </message>
    <message>
        <source>Menyimpan...</source>
        <translation>Saving...</translation>
    </message>
    <message>
        <source>Terjadi kesalahan tak terduga; tidak ada data yang hilang.</source>
        <translation>Something unexpected went wrong; no data was lost.</translation>
    </message>
    <message>
        <source>Belum disimpan; perbaiki yang ditandai.</source>
        <translation>Not saved yet; fix what is marked.</translation>
    </message>
    <message>
        <source>Tambah kunjungan</source>
        <translation>Add a visit</translation>
    </message>
    <message>
        <source>&amp;Nama</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>atau &amp;keluarga</source>
        <translation>or &amp;household</translation>
    </message>
    <message>
        <source>&amp;Alamat</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>R&amp;T</source>
        <translation>R&amp;T</translation>
    </message>
    <message>
        <source>&amp;RW</source>
        <translation>&amp;RW</translation>
    </message>
    <message>
        <source>Kel&amp;urahan/desa</source>
        <translation>Kel&amp;urahan/village</translation>
    </message>
    <message>
        <source>Kat&amp;egori</source>
        <translation>Cat&amp;egory</translation>
    </message>
    <message>
        <source>Tan&amp;ggal kunjungan</source>
        <translation>Visit &amp;day</translation>
    </message>
    <message>
        <source>&amp;Catatan</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <source>Pilih kategori</source>
        <translation>Choose a category</translation>
    </message>
    <message>
        <source>Ketik nama atau kode kelurahan/desa, atau pilih wilayah lain.</source>
        <translation>Type the kelurahan/village&apos;s name or code, or choose another region.</translation>
    </message>
    <message>
        <source>Pilih &amp;wilayah...</source>
        <translation>Choose a &amp;region...</translation>
    </message>
    <message>
        <source>Disimpan terenkripsi</source>
        <translation>Stored encrypted</translation>
    </message>
    <message>
        <source>&amp;Simpan (Enter)</source>
        <translation>&amp;Save (Enter)</translation>
    </message>
    <message>
        <source>Batal (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>ApplicantFields</name>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Nomor KK</source>
        <translation>Family card (KK) number</translation>
    </message>
    <message>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Tanggal lahir</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Jenis kelamin</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Nomor WhatsApp</source>
        <translation>WhatsApp number</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <source>Kelurahan/desa</source>
        <translation>Kelurahan/village</translation>
    </message>
    <message>
        <source>Diajukan</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Laki-laki</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Perempuan</source>
        <translation>Female</translation>
    </message>
</context>
<context>
    <name>ApplicantPage</name>
    <message>
        <source>Diisi dari NIK: cek dengan pemohon; ketik bila berbeda.</source>
        <translation>Filled in from the NIK: check with the applicant; type over it if it differs.</translation>
    </message>
    <message>
        <source>Disimpan sebagai %1</source>
        <translation>Saved as %1</translation>
    </message>
    <message>
        <source>%1 digit</source>
        <translation>%1 digits</translation>
    </message>
    <message>
        <source>Menurut NIK: %1</source>
        <translation>From the NIK: %1</translation>
    </message>
    <message>
        <source>lahir %1</source>
        <translation>born %1</translation>
    </message>
    <message>
        <source>laki-laki</source>
        <translation>male</translation>
    </message>
    <message>
        <source>perempuan</source>
        <translation>female</translation>
    </message>
    <message>
        <source>Data pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>&amp;NIK</source>
        <translation>&amp;NIK</translation>
    </message>
    <message>
        <source>N&amp;omor KK</source>
        <translation>Family card (&amp;KK) number</translation>
    </message>
    <message>
        <source>Nam&amp;a lengkap (sesuai KTP/KK)</source>
        <translation>Full n&amp;ame (as on the KTP/KK)</translation>
    </message>
    <message>
        <source>&amp;Tanggal lahir</source>
        <translation>Date of &amp;birth</translation>
    </message>
    <message>
        <source>&amp;Jenis kelamin</source>
        <translation>&amp;Sex</translation>
    </message>
    <message>
        <source>Nomor &amp;WhatsApp</source>
        <translation>&amp;WhatsApp number</translation>
    </message>
    <message>
        <source>Alamat (jalan, nomor r&amp;umah)</source>
        <translation>Address (street, ho&amp;use number)</translation>
    </message>
    <message>
        <source>&amp;RT</source>
        <translation>&amp;RT (neighbourhood)</translation>
    </message>
    <message>
        <source>RW (rukun war&amp;ga)</source>
        <translation>RW (community &amp;group)</translation>
    </message>
    <message>
        <source>Kelurahan/&amp;desa</source>
        <translation>Kelurahan/&amp;village</translation>
    </message>
    <message>
        <source>Sudah dicek</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>16 digit</source>
        <translation>16 digits</translation>
    </message>
    <message>
        <source>HH-BB-TTTT</source>
        <translation>DD-MM-YYYY</translation>
    </message>
    <message>
        <source>08xx atau +628xx (boleh kosong)</source>
        <translation>08xx or +628xx (may be left empty)</translation>
    </message>
    <message>
        <source>1-3 angka, contoh 005</source>
        <translation>1-3 digits, e.g. 005</translation>
    </message>
    <message>
        <source>1-3 angka, contoh 002</source>
        <translation>1-3 digits, e.g. 002</translation>
    </message>
    <message>
        <source>Wila&amp;yah lain…</source>
        <translation>Other regi&amp;on…</translation>
    </message>
    <message>
        <source>(sesuai NIK)</source>
        <translation>(as in the NIK)</translation>
    </message>
    <message>
        <source>L — Laki-laki</source>
        <translation>L — Male</translation>
    </message>
    <message>
        <source>P — Perempuan</source>
        <translation>P — Female</translation>
    </message>
</context>
<context>
    <name>ApplicationTableModel</name>
    <message>
        <source>Nomor permohonan</source>
        <translation>Application number</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Diajukan</source>
        <translation>Submitted</translation>
    </message>
</context>
<context>
    <name>ApplicationsScreen</name>
    <message>
        <source>Daftar permohonan</source>
        <translation>Applications</translation>
    </message>
    <message>
        <source>Ketik NIK (16 angka), nama pemohon, atau nomor permohonan, lalu Enter</source>
        <translation>Type a NIK (16 digits), the applicant&apos;s name or an application number, then Enter</translation>
    </message>
    <message>
        <source>Cari</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Tampilkan semua</source>
        <translation>Show all</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>Hanya &amp;tanggal:</source>
        <translation>Only on &amp;date:</translation>
    </message>
    <message>
        <source>Enter: cari · Enter lagi: buka yang terpilih · ↓: ke daftar · klik dua kali: buka</source>
        <translation>Enter: search · Enter again: open the selected one · ↓: to the list · double-click: open</translation>
    </message>
    <message>
        <source>Buka</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Semua status</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Memuat permohonan…</source>
        <translation>Loading applications…</translation>
    </message>
    <message numerus="yes">
        <source>%n permohonan dengan NIK ini</source>
        <translation>
            <numerusform>%n application with this NIK</numerusform>
            <numerusform>%n applications with this NIK</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n permohonan dengan nama seperti &quot;%1&quot;</source>
        <translation>
            <numerusform>%n application with a name like &quot;%1&quot;</numerusform>
            <numerusform>%n applications with a name like &quot;%1&quot;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n permohonan dengan nomor berisi &quot;%1&quot;</source>
        <translation>
            <numerusform>%n application with a number containing &quot;%1&quot;</numerusform>
            <numerusform>%n applications with a number containing &quot;%1&quot;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n permohonan</source>
        <translation>
            <numerusform>%n application</numerusform>
            <numerusform>%n applications</numerusform>
        </translation>
    </message>
    <message>
        <source>Data tidak bisa dimuat. Coba lagi; bila terulang, hubungi TI.</source>
        <translation>The data could not be loaded. Try again; if it happens again, call IT support.</translation>
    </message>
    <message>
        <source>Mencari nama…</source>
        <translation>Searching names…</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Dokumen</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Masalah</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Alasan petugas</source>
        <translation>Operator&apos;s reason</translation>
    </message>
    <message>
        <source>Isi nama pengguna supervisor.</source>
        <translation>Enter the supervisor&apos;s username.</translation>
    </message>
    <message>
        <source>Isi kata sandi supervisor.</source>
        <translation>Enter the supervisor&apos;s password.</translation>
    </message>
    <message>
        <source>Persetujuan tidak dapat diperiksa; coba lagi.</source>
        <translation>The approval could not be checked; try again.</translation>
    </message>
    <message>
        <source>Memeriksa…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Persetujuan supervisor</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <source>Petugas tidak boleh menerima sendiri gambar yang tidak lolos pemeriksaan mutu. Supervisor memeriksa gambar ini, lalu mengisi nama pengguna dan kata sandinya.</source>
        <translation>An operator may not accept an image that failed the quality check on their own. A supervisor looks at this image, then enters their username and password.</translation>
    </message>
    <message>
        <source>&amp;Nama pengguna supervisor</source>
        <translation>Supervisor &amp;username</translation>
    </message>
    <message>
        <source>&amp;Kata sandi</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&amp;Setujui (Enter)</source>
        <translation>&amp;Approve (Enter)</translation>
    </message>
    <message>
        <source>&amp;Batal (Esc)</source>
        <translation>&amp;Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>BatteryLabel</name>
    <message>
        <source>Baterai %1 %: draf sudah disimpan, colokkan pengisi daya sekarang</source>
        <translation>Battery %1 %: the draft has been saved, plug in the charger now</translation>
    </message>
    <message>
        <source>Baterai %1 %: simpan pekerjaan, colokkan pengisi daya</source>
        <translation>Battery %1 %: save your work, plug in the charger</translation>
    </message>
    <message>
        <source>Baterai %1 % (mengisi)</source>
        <translation>Battery %1 % (charging)</translation>
    </message>
    <message>
        <source>Baterai %1 %</source>
        <translation>Battery %1 %</translation>
    </message>
</context>
<context>
    <name>BundleBox</name>
    <message>
        <source>Pilih folder flashdisk</source>
        <translation>Choose the USB stick&apos;s folder</translation>
    </message>
    <message>
        <source>Pilih tanda terima</source>
        <translation>Choose the receipt</translation>
    </message>
    <message>
        <source>Menghitung permohonan yang menunggu...</source>
        <translation>Counting the applications waiting...</translation>
    </message>
    <message>
        <source>Tidak ada permohonan yang perlu dibawa; tidak ada berkas yang ditulis.</source>
        <translation>Nothing to carry: no application is waiting; no file was written.</translation>
    </message>
    <message>
        <source>Menulis bundel ke flashdisk...</source>
        <translation>Writing the bundle to the USB stick...</translation>
    </message>
    <message>
        <source>Membaca tanda terima...</source>
        <translation>Reading the receipt...</translation>
    </message>
    <message>
        <source>Bundel ditulis: %1 (%2 permohonan). Bawa ke kantor untuk diimpor.</source>
        <translation>Bundle written: %1 (%2 applications). Take it to the office to be imported.</translation>
    </message>
    <message numerus="yes">
        <source>%n permohonan belum tersegel dan tidak ikut; kirim lewat jaringan.</source>
        <translation>
            <numerusform>%n application is not sealed yet and was left out; send it over the network.</numerusform>
            <numerusform>%n applications are not sealed yet and were left out; send them over the network.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tanda terima diambil: %1 permohonan diterima server (%2 sudah sebelumnya).</source>
        <translation>Receipt taken: %1 applications received by the server (%2 already before).</translation>
    </message>
    <message>
        <source>Ditolak server: %1</source>
        <translation>Refused by the server: %1</translation>
    </message>
    <message>
        <source>Terjadi kesalahan tak terduga; tidak ada data yang hilang.</source>
        <translation>Something unexpected went wrong; no data was lost.</translation>
    </message>
    <message>
        <source>Bundel USB tersegel</source>
        <translation>Sealed USB bundle</translation>
    </message>
    <message>
        <source>Ekspor bundel ke USB...</source>
        <translation>Export a bundle to USB...</translation>
    </message>
    <message>
        <source>Ambil tanda terima...</source>
        <translation>Take the receipt...</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <source>Kamera tidak ditemukan. Pakai pemindai (F6) atau impor berkas (F7).</source>
        <translation>No camera found. Use the scanner (F6) or import a file (F7).</translation>
    </message>
    <message>
        <source>Hasil pindaian dari pemindai lain dapat disimpan di folder %1 lalu diimpor.</source>
        <translation>Scans from another scanner can be saved in the folder %1 and then imported.</translation>
    </message>
</context>
<context>
    <name>CapturePage</name>
    <message>
        <source>wajib</source>
        <translation>required</translation>
    </message>
    <message>
        <source>salah satu</source>
        <translation>one of these</translation>
    </message>
    <message>
        <source>jika ada</source>
        <translation>if available</translation>
    </message>
    <message>
        <source>Belum diterima: perlu persetujuan supervisor, atau ulangi gambarnya (F8).</source>
        <translation>Not accepted yet: a supervisor&apos;s approval is needed, or retake the image (F8).</translation>
    </message>
    <message>
        <source>Semua lengkap. Tekan Ctrl+Enter untuk lanjut.</source>
        <translation>All complete. Press Ctrl+Enter to continue.</translation>
    </message>
    <message>
        <source> atau </source>
        <translation> or </translation>
    </message>
    <message>
        <source>Belum ada (○): %1. Ambil foto (Spasi), pindai (F6) atau impor (F7).</source>
        <translation>Still missing (○): %1. Take a photo (Space), scan (F6) or import (F7).</translation>
    </message>
    <message>
        <source>Perlu diputuskan (⚠): %1. Ulangi (F8) atau terima dengan alasan.</source>
        <translation>To be decided (⚠): %1. Retake (F8) or accept with a reason.</translation>
    </message>
    <message>
        <source>Dokumen</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Foto diri dan tanda tangan</source>
        <translation>Selfie and signature</translation>
    </message>
    <message>
        <source>○ belum · ✔ baik · ⚠ perlu diputuskan · ✎ diterima dengan alasan · ↺ dokumen lama</source>
        <translation>○ not yet · ✔ good · ⚠ needs a decision · ✎ accepted with a reason · ↺ earlier document</translation>
    </message>
</context>
<context>
    <name>CaptureResult</name>
    <message>
        <source>(dokumen lama, tersegel untuk server Dukcapil)</source>
        <translation>(earlier document, sealed for the registry&apos;s server)</translation>
    </message>
    <message>
        <source>(berkas PDF)</source>
        <translation>(PDF file)</translation>
    </message>
    <message>
        <source>Diterima dengan alasan: %1</source>
        <translation>Accepted with a reason: %1</translation>
    </message>
    <message>
        <source>(disetujui oleh %1)</source>
        <translation>(approved by %1)</translation>
    </message>
    <message>
        <source>Dokumen lama dipakai lagi</source>
        <translation>Earlier document used again</translation>
    </message>
    <message>
        <source>Baik</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>&amp;Terima dengan alasan</source>
        <translation>&amp;Accept with a reason</translation>
    </message>
    <message>
        <source>Alasan menerima gambar ini (min. 10 huruf)</source>
        <translation>Why this picture is accepted (at least 10 letters)</translation>
    </message>
    <message>
        <source>Sentuh Foto ulang, atau minta bantuan petugas di loket.</source>
        <translation>Touch Retake, or ask the staff at the counter for help.</translation>
    </message>
</context>
<context>
    <name>CaptureStation</name>
    <message>
        <source>Semua dokumen sudah lengkap.</source>
        <translation>Every document is complete.</translation>
    </message>
    <message>
        <source>Kamera belum mengirim gambar; tunggu sebentar.</source>
        <translation>The camera has not sent a picture yet; wait a moment.</translation>
    </message>
    <message>
        <source>Pemindai tidak tersedia.</source>
        <translation>No scanner available.</translation>
    </message>
    <message>
        <source>Tanda tangan belum ada; minta pemohon menandatangani.</source>
        <translation>No signature yet; ask the applicant to sign.</translation>
    </message>
    <message>
        <source>Gambar tidak dapat diproses; coba lagi.</source>
        <translation>The picture could not be processed; try again.</translation>
    </message>
    <message>
        <source>Memproses gambar…</source>
        <translation>Processing the picture…</translation>
    </message>
    <message>
        <source>Ambil &amp;foto (Spasi)</source>
        <translation>Take a &amp;photo (Space)</translation>
    </message>
    <message>
        <source>&amp;Simpan tanda tangan</source>
        <translation>&amp;Save the signature</translation>
    </message>
    <message>
        <source>&amp;Hapus coretan</source>
        <translation>&amp;Clear the pad</translation>
    </message>
    <message>
        <source>&amp;Pindai (F6)</source>
        <translation>S&amp;can (F6)</translation>
    </message>
    <message>
        <source>&amp;Impor berkas (F7)</source>
        <translation>&amp;Import a file (F7)</translation>
    </message>
    <message>
        <source>&amp;Ulangi (F8)</source>
        <translation>&amp;Retake (F8)</translation>
    </message>
    <message>
        <source>Atur &amp;sudut (F9)</source>
        <translation>Adjust &amp;corners (F9)</translation>
    </message>
    <message>
        <source>Pakai sudut &amp;ini (Enter)</source>
        <translation>Use &amp;these corners (Enter)</translation>
    </message>
    <message>
        <source>Pemohon memegang KTP-el di depan dada, wajah tanpa masker.</source>
        <translation>The applicant holds the KTP-el in front of the chest, face without a mask.</translation>
    </message>
    <message>
        <source>Pemohon tanda tangan di kotak, atau pindai tanda tangan di kertas putih.</source>
        <translation>The applicant signs in the box, or scan a signature on white paper.</translation>
    </message>
    <message>
        <source>Letakkan dokumen di depan kamera, keempat sudut terlihat.</source>
        <translation>Hold the document in front of the camera with all four corners visible.</translation>
    </message>
    <message>
        <source>Harus dokumen ASLI, bukan fotokopi.</source>
        <translation>It must be the ORIGINAL document, not a photocopy.</translation>
    </message>
    <message>
        <source>Pilih berkas</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <source>Pilih berkas dari folder %1</source>
        <translation>Choose a file from the folder %1</translation>
    </message>
</context>
<context>
    <name>CitizenChoices</name>
    <message>
        <source>Huruf besar (%1/3)</source>
        <translation>Larger text (%1/3)</translation>
    </message>
    <message>
        <source>Kontras</source>
        <translation>Contrast</translation>
    </message>
    <message>
        <source>Suara</source>
        <translation>Voice</translation>
    </message>
    <message>
        <source>Ulangi</source>
        <translation>Repeat</translation>
    </message>
</context>
<context>
    <name>ContactConsentBox</name>
    <message>
        <source>Isi nomor WhatsApp di atas agar pemohon dapat dihubungi lewat WhatsApp</source>
        <translation>Fill in the WhatsApp number above so the applicant can be contacted on WhatsApp</translation>
    </message>
    <message>
        <source>Alamat email belum benar (contoh: nama@contoh.id)</source>
        <translation>The email address is not right yet (example: name@example.id)</translation>
    </message>
    <message>
        <source>Boleh dihubungi tentang permohonan ini (bila perlu perbaikan, atau siap diambil)?</source>
        <translation>May we contact you about this application (when it needs a correction, or is ready for pickup)?</translation>
    </message>
    <message>
        <source>Ya, lewat WhatsApp (nomor di atas)</source>
        <translation>Yes, on WhatsApp (the number above)</translation>
    </message>
    <message>
        <source>Ya, lewat email</source>
        <translation>Yes, by email</translation>
    </message>
    <message>
        <source>alamat email</source>
        <translation>email address</translation>
    </message>
</context>
<context>
    <name>CornerEditor</name>
    <message>
        <source>Sudut tidak membentuk segi empat</source>
        <translation>The corners do not form a quadrilateral</translation>
    </message>
    <message>
        <source>Dokumen tidak terdeteksi: letakkan keempat sudut di sudut dokumen.</source>
        <translation>No document detected: place the four corners on the document&apos;s corners.</translation>
    </message>
    <message>
        <source>Periksa keempat sudut; geser bila belum tepat.</source>
        <translation>Check the four corners; drag any that are off.</translation>
    </message>
    <message>
        <source>Seret titik sudut, atau Tab pilih sudut, panah geser, Enter terima, Esc batal.</source>
        <translation>Drag a corner, or Tab to pick a corner, arrows to move it, Enter to accept, Esc to cancel.</translation>
    </message>
</context>
<context>
    <name>DetailScreen</name>
    <message>
        <source>Memuat permohonan…</source>
        <translation>Loading applications…</translation>
    </message>
    <message>
        <source>Terjadi kesalahan tak terduga; coba lagi</source>
        <translation>Something unexpected went wrong; please try again</translation>
    </message>
    <message>
        <source>Kembali ke daftar (Esc)</source>
        <translation>Back to the list (Esc)</translation>
    </message>
    <message>
        <source>Cetak ulang tanda terima</source>
        <translation>Reprint the receipt</translation>
    </message>
    <message>
        <source>Perbaiki permohonan ini</source>
        <translation>Correct this application</translation>
    </message>
    <message>
        <source>Data pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Dokumen</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Riwayat status</source>
        <translation>Status history</translation>
    </message>
    <message>
        <source>Permohonan</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Versi %1 · Status: &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Version %1 · Status: &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>(tidak disebut)</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>Ditolak. Alasan:</source>
        <translation>Rejected. Reason:</translation>
    </message>
    <message>
        <source>Yang perlu diperbaiki:</source>
        <translation>What to fix:</translation>
    </message>
    <message>
        <source>Versi ini sudah diperbaiki dengan versi yang lebih baru.</source>
        <translation>This version has already been corrected by a newer version.</translation>
    </message>
    <message>
        <source>Menyiapkan tanda terima…</source>
        <translation>Preparing the receipt…</translation>
    </message>
    <message>
        <source>Pencetakan dibatalkan: tanda terima BELUM dicetak ulang.</source>
        <translation>Printing was cancelled: the receipt has NOT been reprinted.</translation>
    </message>
    <message>
        <source>Tanda terima GAGAL dicetak (printer %1 tidak bisa dipakai). Periksa printer, lalu coba lagi.</source>
        <translation>The receipt FAILED to print (printer %1 cannot be used). Check the printer, then try again.</translation>
    </message>
    <message>
        <source>Tanda terima dicetak ulang.</source>
        <translation>The receipt was reprinted.</translation>
    </message>
</context>
<context>
    <name>DeviceSet</name>
    <message>
        <source>memeriksa…</source>
        <translation>checking…</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>demo</translation>
    </message>
    <message>
        <source>siap</source>
        <translation>ready</translation>
    </message>
    <message>
        <source>tidak ada</source>
        <translation>none</translation>
    </message>
    <message>
        <source>impor folder</source>
        <translation>import folder</translation>
    </message>
    <message>
        <source>Kamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Pemindai</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
</context>
<context>
    <name>DiskSpaceLabel</name>
    <message>
        <source>Disk hampir penuh (%1 MB): foto baru ditolak, antrean tetap aman</source>
        <translation>Disk almost full (%1 MB): new captures refused, the queue stays safe</translation>
    </message>
    <message>
        <source>Ruang disk tinggal %1 MB: kirim atau ekspor antrean</source>
        <translation>Only %1 MB of disk left: sync or export the queue</translation>
    </message>
</context>
<context>
    <name>DocumentGrid</name>
    <message>
        <source>Tersegel untuk server Dukcapil; tidak bisa dibuka di sini</source>
        <translation>Sealed for the registry&apos;s server; cannot be opened here</translation>
    </message>
    <message>
        <source>Formulir PDF</source>
        <translation>PDF form</translation>
    </message>
    <message>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Gambar tidak tersedia</source>
        <translation>Picture not available</translation>
    </message>
</context>
<context>
    <name>EnrollmentDialog</name>
    <message>
        <source>Daftarkan perangkat ke server Dukcapil</source>
        <translation>Enroll this device with the registry (Dukcapil) server</translation>
    </message>
    <message>
        <source>Isi alamat server dan kode pendaftaran dari Dukcapil (berlaku sekali). Setelah terdaftar, bacakan sidik jari kunci server kepada petugas Dukcapil dan pastikan sama.</source>
        <translation>Enter the server address and the one-time enrollment code from the registry (Dukcapil). Once enrolled, read the server key fingerprint aloud to the registry staff and make sure it matches.</translation>
    </message>
    <message>
        <source>Alamat &amp;server</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <source>&amp;Kode pendaftaran</source>
        <translation>Enrollment &amp;code</translation>
    </message>
    <message>
        <source>&amp;Nama perangkat</source>
        <translation>Device &amp;name</translation>
    </message>
    <message>
        <source>&amp;Daftarkan</source>
        <translation>&amp;Enroll</translation>
    </message>
    <message>
        <source>&amp;Tutup (Esc)</source>
        <translation>C&amp;lose (Esc)</translation>
    </message>
    <message>
        <source>Hanya supervisor yang dapat mendaftarkan perangkat. Minta supervisor masuk dengan akunnya, lalu buka layar ini lagi.</source>
        <translation>Only a supervisor can enroll the device. Ask a supervisor to sign in with their account, then open this screen again.</translation>
    </message>
    <message>
        <source>Alamat server harus diawali https:// (atau http://).</source>
        <translation>The server address must start with https:// (or http://).</translation>
    </message>
    <message>
        <source>Isi kode pendaftaran dari Dukcapil.</source>
        <translation>Enter the enrollment code from the registry (Dukcapil).</translation>
    </message>
    <message>
        <source>Menghubungi server…</source>
        <translation>Contacting the server…</translation>
    </message>
    <message>
        <source>Terdaftar untuk kantor %1. Sinkronisasi mulai saat aplikasi dibuka ulang.</source>
        <translation>Enrolled for office %1. Syncing starts when the app is opened again.</translation>
    </message>
    <message>
        <source>Server belum punya kunci segel; data disegel begitu kunci tersedia.</source>
        <translation>The server has no sealing key yet; data is sealed as soon as it has one.</translation>
    </message>
    <message>
        <source>Bacakan sidik jari kunci server ini; Dukcapil harus melihat yang sama:</source>
        <translation>Read this server key fingerprint aloud; the registry must see the same:</translation>
    </message>
    <message>
        <source>Kesalahan tak terduga; coba lagi atau hubungi TI.</source>
        <translation>Unexpected error; try again or call IT support.</translation>
    </message>
    <message>
        <source>Pendaftaran gagal: %1</source>
        <translation>Enrollment failed: %1</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Panduan petugas</source>
        <translation>Operator guide</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Panduan tidak ditemukan di %1. Pasang ulang aplikasi.</source>
        <translation>The guide was not found at %1. Reinstall the app.</translation>
    </message>
</context>
<context>
    <name>HistoryTable</name>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Versi</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Alasan: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>Yang perlu diperbaiki: %1</source>
        <translation>What to fix: %1</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Hapus satu angka</source>
        <translation>Delete one digit</translation>
    </message>
    <message>
        <source>Kosongkan</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Tidak ada aktivitas. Data yang sedang diisi akan DIHAPUS dalam %1 detik; sentuh layar untuk melanjutkan.</source>
        <translation>No activity. What you entered will be DELETED in %1 seconds; touch the screen to continue.</translation>
    </message>
    <message>
        <source>Tidak ada aktivitas. Layar dikunci dalam %1 detik; tekan tombol apa saja untuk melanjutkan. Data yang sedang diisi tetap tersimpan.</source>
        <translation>No activity. The screen locks in %1 seconds; press any key to continue. What you were filling in stays saved.</translation>
    </message>
    <message>
        <source>Lanjutkan</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Anjungan Layanan Adminduk</source>
        <translation>Population Document Service Kiosk</translation>
    </message>
    <message>
        <source>Permohonan baru (F2)</source>
        <translation>New application (F2)</translation>
    </message>
    <message>
        <source>Daftar permohonan (F3)</source>
        <translation>Applications (F3)</translation>
    </message>
    <message>
        <source>Rekap (F4)</source>
        <translation>Recap (F4)</translation>
    </message>
    <message>
        <source>Tentang (F12)</source>
        <translation>About (F12)</translation>
    </message>
    <message>
        <source>Kunjungan (F5)</source>
        <translation>Visits (F5)</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Bantuan (F1)</source>
        <translation>Help (F1)</translation>
    </message>
    <message>
        <source>Menyiapkan anjungan...</source>
        <translation>Starting the kiosk...</translation>
    </message>
    <message>
        <source>Selesai, hapus data saya</source>
        <translation>Done, delete my data</translation>
    </message>
    <message>
        <source>Keluar</source>
        <translation>Sign out</translation>
    </message>
</context>
<context>
    <name>OfflineBudgetLabel</name>
    <message>
        <source>%1 hari tanpa sinkron: permohonan baru ditolak sampai sinkron atau tanda terima bundel USB</source>
        <translation>%1 days without a sync: new applications are refused until a sync or a USB bundle receipt</translation>
    </message>
    <message>
        <source>Sejak sinkron: %1 hari · antrean %2 · sisa %3 hari</source>
        <translation>Since sync: %1 days · queue %2 · %3 days left</translation>
    </message>
    <message>
        <source>Sudah %1 hari tanpa sinkron (batas %2 hari). Permohonan baru ditolak; yang sudah antre tetap aman. Sinkronkan, atau ekspor bundel USB dan ambil tanda terimanya.</source>
        <translation>%1 days without a sync (limit %2 days). New applications are refused; queued ones stay safe. Sync, or export a USB bundle and take its receipt.</translation>
    </message>
    <message>
        <source>Sudah %1 hari tanpa sinkron. Setelah %2 hari permohonan baru akan ditolak. Sinkronkan, atau ekspor bundel USB ke kantor.</source>
        <translation>%1 days without a sync. After %2 days new applications will be refused. Sync, or take a USB bundle to the office.</translation>
    </message>
    <message>
        <source>Batas luring</source>
        <translation>Offline limit</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>spasi</source>
        <translation>space</translation>
    </message>
    <message>
        <source>Berikutnya</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>PostponeBox</name>
    <message>
        <source>Tunda sampai tanggal:</source>
        <translation>Postpone to:</translation>
    </message>
    <message>
        <source>Paling awal hari ini; biasanya besok.</source>
        <translation>Today at the earliest; usually tomorrow.</translation>
    </message>
    <message>
        <source>Simpan tanggal</source>
        <translation>Save the day</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>Pratinjau cetak tanda terima</source>
        <translation>Receipt print preview</translation>
    </message>
    <message>
        <source>&amp;Printer:</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <source>Tidak ada printer yang terpasang di komputer ini. Tanda terima belum dicetak: pasang printer, atau tutup jendela ini dan pilih Simpan PDF.</source>
        <translation>No printer is installed on this computer. The receipt has not been printed: install a printer, or close this window and choose Save as PDF.</translation>
    </message>
    <message>
        <source>&amp;Cetak (Enter)</source>
        <translation>&amp;Print (Enter)</translation>
    </message>
    <message>
        <source>&amp;Batal (Esc)</source>
        <translation>&amp;Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>QuestionsPage</name>
    <message>
        <source>(layanan belum dipilih)</source>
        <translation>(no service chosen yet)</translation>
    </message>
    <message>
        <source>(pemohon belum diisi)</source>
        <translation>(applicant not entered yet)</translation>
    </message>
    <message>
        <source>Draf yang belum selesai</source>
        <translation>Unfinished drafts</translation>
    </message>
    <message>
        <source>Untuk melanjutkan draf, pilih lalu tekan Lanjutkan draf (Alt+D). Untuk permohonan baru, jawab pertanyaan di bawah.</source>
        <translation>To continue a draft, select it and press Continue draft (Alt+D). For a new application, answer the question below.</translation>
    </message>
    <message>
        <source>Lanjutkan &amp;draf</source>
        <translation>Continue the &amp;draft</translation>
    </message>
    <message>
        <source>&amp;Hapus draf</source>
        <translation>De&amp;lete the draft</translation>
    </message>
    <message>
        <source>Tekan angka pilihan, atau panah lalu Enter.</source>
        <translation>Press the number of a choice, or the arrows and then Enter.</translation>
    </message>
</context>
<context>
    <name>RecapScreen</name>
    <message>
        <source>Rekap permohonan</source>
        <translation>Application recap</translation>
    </message>
    <message>
        <source>Harian</source>
        <translation>Daily</translation>
    </message>
    <message>
        <source>Bulanan</source>
        <translation>Monthly</translation>
    </message>
    <message>
        <source>◀ Sebelumnya</source>
        <translation>◀ Previous</translation>
    </message>
    <message>
        <source>Berikutnya ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <source>Ekspor PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>Ekspor CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>Jumlah permohonan per layanan</source>
        <translation>Applications per service</translation>
    </message>
    <message>
        <source>Memuat rekap…</source>
        <translation>Loading the recap…</translation>
    </message>
    <message>
        <source>Jumlah permohonan: &lt;b&gt;%1&lt;/b&gt; · Perbaikan diajukan: &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Applications: &lt;b&gt;%1&lt;/b&gt; · Corrections submitted: &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Berkas tidak bisa disimpan di sana. Pilih folder atau flashdisk lain.</source>
        <translation>The file cannot be saved there. Choose another folder or USB stick.</translation>
    </message>
    <message>
        <source>Terjadi kesalahan tak terduga; coba lagi</source>
        <translation>Something unexpected went wrong; please try again</translation>
    </message>
    <message>
        <source>Menyimpan…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Tersimpan: %1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
<context>
    <name>ReceiptPage</name>
    <message>
        <source>Tanda terima dicetak ulang.</source>
        <translation>The receipt was reprinted.</translation>
    </message>
    <message>
        <source>Tanda terima dicetak.</source>
        <translation>The receipt was printed.</translation>
    </message>
    <message>
        <source>Pencetakan dibatalkan: tanda terima BELUM dicetak. Tekan Cetak untuk mencoba lagi, atau Simpan PDF.</source>
        <translation>Printing was cancelled: the receipt has NOT been printed. Press Print to try again, or Save as PDF.</translation>
    </message>
    <message>
        <source>Tanda terima GAGAL dicetak (printer %1 tidak bisa dipakai). Periksa printer (kertas, kabel, daya), lalu tekan Cetak lagi, atau Simpan PDF.</source>
        <translation>The receipt FAILED to print (printer %1 cannot be used). Check the printer (paper, cable, power), then press Print again, or Save as PDF.</translation>
    </message>
    <message>
        <source>Tanda terima sedang dicetak. Mohon tunggu sebentar.</source>
        <translation>The receipt is being printed. Please wait a moment.</translation>
    </message>
    <message>
        <source>Anjungan ini tidak punya printer, jadi tanda terima tidak bisa dicetak. Silakan foto kode QR di layar ini dengan ponsel Anda: kode itu untuk cek status nanti.</source>
        <translation>This kiosk has no printer, so the receipt cannot be printed. Please photograph the QR code on this screen with your phone: it is for checking the status later.</translation>
    </message>
    <message>
        <source>Printer tidak bisa mencetak tanda terima. Minta bantuan petugas di loket; permohonan Anda sudah tersimpan. Kode QR di layar ini juga bisa Anda foto.</source>
        <translation>The printer could not print the receipt. Please ask the staff at the counter for help; your application is saved. You can also photograph the QR code on this screen.</translation>
    </message>
    <message>
        <source>Tanda terima sudah dicetak. Silakan ambil dari printer anjungan.</source>
        <translation>The receipt has been printed. Please take it from the kiosk&apos;s printer.</translation>
    </message>
    <message>
        <source>Tanda terima disimpan sebagai PDF di folder ekspor: %1</source>
        <translation>The receipt was saved as a PDF in the export folder: %1</translation>
    </message>
    <message>
        <source>Berkas tidak dapat disimpan di folder ekspor %1 (penuh atau tidak boleh ditulis). Tanda terima tetap ada di sini; hubungi TI.</source>
        <translation>The file cannot be saved in the export folder %1 (full or not writable). The receipt is still here; call IT support.</translation>
    </message>
    <message>
        <source>Tanda terima gagal dibuat; permohonan tetap tersimpan. Coba lagi.</source>
        <translation>The receipt could not be made; the application is still saved. Try again.</translation>
    </message>
    <message>
        <source>Permohonan tersimpan</source>
        <translation>Application saved</translation>
    </message>
    <message>
        <source>Kertas A&amp;4</source>
        <translation>A&amp;4 paper</translation>
    </message>
    <message>
        <source>Struk &amp;80 mm</source>
        <translation>&amp;80 mm slip</translation>
    </message>
    <message>
        <source>Cetak tanda terima</source>
        <translation>Print the receipt</translation>
    </message>
    <message>
        <source>Permohonan baru</source>
        <translation>New application</translation>
    </message>
    <message>
        <source>&amp;Cetak (Enter)</source>
        <translation>&amp;Print (Enter)</translation>
    </message>
    <message>
        <source>Simpan &amp;PDF (Ctrl+S)</source>
        <translation>Save as P&amp;DF (Ctrl+S)</translation>
    </message>
    <message>
        <source>Permohonan &amp;baru (Ctrl+N)</source>
        <translation>&amp;New application (Ctrl+N)</translation>
    </message>
    <message>
        <source>Kode QR tanda terima (nomor permohonan). Tanpa printer: pemohon bisa memfotonya dengan ponsel untuk cek status, atau simpan PDF (Ctrl+S).</source>
        <translation>The receipt&apos;s QR code (the application number). No printer: the applicant can photograph it with a phone to check the status, or save the PDF (Ctrl+S).</translation>
    </message>
    <message>
        <source>Data dan dokumen Anda sudah aman di anjungan ini dan dikirim otomatis ke Dukcapil. Cetak tanda terimanya: kode QR-nya untuk cek status.</source>
        <translation>Your data and documents are safe on this kiosk and are sent to Dukcapil automatically. Print the receipt: its QR code is for checking the status.</translation>
    </message>
    <message>
        <source>Data dan dokumen sudah aman di perangkat ini dan dikirim otomatis ke Dukcapil saat ada jaringan. Berikan tanda terima kepada pemohon.</source>
        <translation>The data and documents are safe on this device and are sent to the registry (Dukcapil) automatically when there is a network. Give the receipt to the applicant.</translation>
    </message>
</context>
<context>
    <name>ReceiptSurveyOffer</name>
    <message>
        <source>Isi survei kepuasan (tanpa nama)</source>
        <translation>Fill in the satisfaction survey (no name asked)</translation>
    </message>
</context>
<context>
    <name>RegionDialog</name>
    <message>
        <source>Pilih wilayah</source>
        <translation>Choose region</translation>
    </message>
    <message>
        <source>Pilih dari atas ke bawah. Ketik huruf awal nama untuk melompat.</source>
        <translation>Choose from top to bottom. Type the first letters of a name to jump to it.</translation>
    </message>
    <message>
        <source>&amp;Provinsi</source>
        <translation>&amp;Province</translation>
    </message>
    <message>
        <source>&amp;Kabupaten/kota</source>
        <translation>&amp;Regency/city</translation>
    </message>
    <message>
        <source>K&amp;ecamatan</source>
        <translation>&amp;District (kecamatan)</translation>
    </message>
    <message>
        <source>Kelurahan/&amp;desa</source>
        <translation>Kelurahan/&amp;village</translation>
    </message>
    <message>
        <source>Pilih</source>
        <translation>Choose</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Data pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Dokumen</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Periksa sebelum dikirim</source>
        <translation>Check before submitting</translation>
    </message>
    <message>
        <source>Lengkap. Tekan Enter untuk mengirim.</source>
        <translation>Complete. Press Enter to submit.</translation>
    </message>
    <message>
        <source>Permohonan belum lengkap; lihat daftar di atas.</source>
        <translation>The application is not complete yet; see the list above.</translation>
    </message>
    <message>
        <source>Permohonan ini sudah sedang diproses; minta bantuan petugas di loket.</source>
        <translation>This application is already in progress; ask the staff at the counter for help.</translation>
    </message>
    <message>
        <source>Permohonan yang sama sudah ada; tulis alasan untuk tetap mengirim.</source>
        <translation>The same application already exists; write a reason to submit anyway.</translation>
    </message>
    <message>
        <source>Permohonan yang sama sudah ada</source>
        <translation>The same application already exists</translation>
    </message>
    <message>
        <source>Permohonan untuk layanan ini sudah sedang diproses, jadi tidak perlu diajukan lagi. Bila ada yang perlu diubah atau ditanyakan, petugas di loket siap membantu Anda.</source>
        <translation>An application for this service is already in progress, so there is no need to apply again. If something needs changing or you have a question, the staff at the counter will gladly help you.</translation>
    </message>
    <message>
        <source>NIK ini sudah punya permohonan layanan yang sama yang belum selesai. Periksa dulu: yang ditolak diperbaiki lewat &quot;Perbaiki&quot; pada permohonan itu, bukan diajukan ulang.</source>
        <translation>This NIK already has an open application for the same service. Check it first: a rejected one is corrected with &quot;Perbaiki&quot; (correct) on that application, not submitted again.</translation>
    </message>
    <message>
        <source>&amp;Alasan tetap mengirim (min. 10 huruf, dicatat di audit):</source>
        <translation>&amp;Reason to submit anyway (at least 10 letters, recorded in the audit log):</translation>
    </message>
    <message>
        <source>Permohonan ini tidak dapat dikirim lagi dari anjungan.</source>
        <translation>This application cannot be sent again from the kiosk.</translation>
    </message>
    <message>
        <source>Tulis alasan di atas untuk tetap mengirim.</source>
        <translation>Write a reason above to submit anyway.</translation>
    </message>
    <message>
        <source>Lengkap. Sentuh Kirim permohonan untuk mengirim.</source>
        <translation>Complete. Touch Send application to send it.</translation>
    </message>
    <message>
        <source>Formulir yang dibuat otomatis:</source>
        <translation>Forms filled in automatically:</translation>
    </message>
    <message>
        <source>Pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Nomor KK</source>
        <translation>Family card (KK) number</translation>
    </message>
    <message>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Tanggal lahir</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Jenis kelamin</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Nomor WhatsApp</source>
        <translation>WhatsApp number</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <source>Kelurahan/desa</source>
        <translation>Kelurahan/village</translation>
    </message>
    <message>
        <source>Laki-laki</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Perempuan</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Wilayah menurut NIK:</source>
        <translation>Region from the NIK:</translation>
    </message>
    <message>
        <source>baik</source>
        <translation>good</translation>
    </message>
    <message>
        <source>dokumen lama</source>
        <translation>earlier document</translation>
    </message>
    <message>
        <source>diterima dengan alasan</source>
        <translation>accepted with a reason</translation>
    </message>
    <message>
        <source>perlu diputuskan</source>
        <translation>needs a decision</translation>
    </message>
    <message>
        <source>BELUM ADA</source>
        <translation>MISSING</translation>
    </message>
    <message>
        <source>tersegel</source>
        <translation>sealed</translation>
    </message>
    <message>
        <source>disetujui oleh %1</source>
        <translation>approved by %1</translation>
    </message>
</context>
<context>
    <name>SelfServiceScreen</name>
    <message>
        <source>Suara tidak tersedia di mesin ini; anjungan tetap bisa dipakai tanpa suara.</source>
        <translation>Voice is not available on this machine; the kiosk works without it.</translation>
    </message>
    <message>
        <source>Kembali ke awal</source>
        <translation>Back to the start</translation>
    </message>
</context>
<context>
    <name>ServiceFieldsBox</name>
    <message>
        <source>Data khusus layanan ini</source>
        <translation>This service&apos;s own details</translation>
    </message>
    <message>
        <source>(boleh kosong)</source>
        <translation>(may be left empty)</translation>
    </message>
    <message>
        <source>HH-BB-TTTT</source>
        <translation>DD-MM-YYYY</translation>
    </message>
    <message>
        <source>16 digit</source>
        <translation>16 digits</translation>
    </message>
    <message>
        <source>kode, contoh 35.78.01.1001</source>
        <translation>code, e.g. 35.78.01.1001</translation>
    </message>
    <message>
        <source>Pilih wilayah…</source>
        <translation>Choose region…</translation>
    </message>
</context>
<context>
    <name>ServicePage</name>
    <message>
        <source>Ditolak:</source>
        <translation>Rejected:</translation>
    </message>
    <message>
        <source>Yang perlu diperbaiki:</source>
        <translation>What to fix:</translation>
    </message>
    <message>
        <source>Dokumen yang harus dibawa</source>
        <translation>Documents to bring</translation>
    </message>
    <message>
        <source>atau</source>
        <translation>or</translation>
    </message>
    <message>
        <source>Salah satu:</source>
        <translation>One of:</translation>
    </message>
    <message>
        <source>Jika ada</source>
        <translation>If available</translation>
    </message>
    <message>
        <source>foto diri memegang KTP-el (tanpa masker)</source>
        <translation>selfie holding the KTP-el (no mask)</translation>
    </message>
    <message>
        <source>tanda tangan pemohon</source>
        <translation>the applicant&apos;s signature</translation>
    </message>
    <message>
        <source>Juga diambil di anjungan:</source>
        <translation>Also taken at the kiosk:</translation>
    </message>
    <message>
        <source>Formulir (diisi otomatis):</source>
        <translation>Forms (filled in automatically):</translation>
    </message>
    <message>
        <source>Pemohon harus datang sendiri</source>
        <translation>The applicant must come in person</translation>
    </message>
    <message>
        <source>(perekaman atau pencocokan sidik jari).</source>
        <translation>(biometric recording or fingerprint match).</translation>
    </message>
    <message>
        <source>Perkiraan selesai:</source>
        <translation>Expected to be done:</translation>
    </message>
    <message>
        <source>Dokumen lama yang dipakai lagi:</source>
        <translation>Earlier documents used again:</translation>
    </message>
    <message>
        <source>asli</source>
        <translation>original</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Penyiapan pertama</source>
        <translation>First-time setup</translation>
    </message>
    <message>
        <source>Buat akun supervisor pertama untuk perangkat ini. Setiap petugas nanti memakai akunnya sendiri.</source>
        <translation>Create the first supervisor account for this device. Every staff member will later use their own account.</translation>
    </message>
    <message>
        <source>Buat akun dan masuk</source>
        <translation>Create account and sign in</translation>
    </message>
    <message>
        <source>Buka anjungan mandiri</source>
        <translation>Unlock the self-service kiosk</translation>
    </message>
    <message>
        <source>Khusus supervisor. Data pemohon yang sedang diisi akan dihapus.</source>
        <translation>Supervisors only. The applicant&apos;s unfinished entry will be deleted.</translation>
    </message>
    <message>
        <source>Buka</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Masuk petugas</source>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <source>Masuk</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Memeriksa…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Kembali ke anjungan</source>
        <translation>Back to the kiosk</translation>
    </message>
    <message>
        <source>&amp;Nama pengguna</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <source>Nama &amp;lengkap</source>
        <translation>&amp;Full name</translation>
    </message>
    <message>
        <source>&amp;Kata sandi</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&amp;Ulangi kata sandi</source>
        <translation>&amp;Repeat password</translation>
    </message>
    <message>
        <source>Perangkat sedang disiapkan; Anda masuk begitu siap, tidak perlu menekan lagi.</source>
        <translation>The device is getting ready; you are signed in as soon as it is, no need to press again.</translation>
    </message>
    <message>
        <source>Kedua kata sandi tidak sama</source>
        <translation>The two passwords are not the same</translation>
    </message>
    <message>
        <source>Terjadi kesalahan tak terduga; coba lagi</source>
        <translation>Something unexpected went wrong; please try again</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <source>Selamat datang di anjungan mandiri. Sentuh salah satu pilihan: ajukan permohonan, cek status, atau isi survei.</source>
        <translation>Welcome to the self-service kiosk. Touch one of the choices: apply, check a status, or fill in the survey.</translation>
    </message>
    <message>
        <source>Selamat datang</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Sentuh salah satu pilihan di bawah. Tidak perlu papan ketik.</source>
        <translation>Touch one of the choices below. No keyboard needed.</translation>
    </message>
    <message>
        <source>Ajukan permohonan</source>
        <translation>Apply for a document</translation>
    </message>
    <message>
        <source>Cek status</source>
        <translation>Check a status</translation>
    </message>
    <message>
        <source>Isi survei</source>
        <translation>Fill in the survey</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Staff</translation>
    </message>
</context>
<context>
    <name>StatusBarWidget</name>
    <message>
        <source>Luring: dicoba lagi sekarang; data tetap aman di perangkat.</source>
        <translation>Offline: trying again now; the data stays safe on this device.</translation>
    </message>
    <message>
        <source>Menyinkronkan…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Belum terhubung ke server</source>
        <translation>Not connected to the server</translation>
    </message>
    <message>
        <source>Memeriksa jaringan...</source>
        <translation>Checking the network...</translation>
    </message>
    <message>
        <source>Daring</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Luring (data aman, dikirim nanti)</source>
        <translation>Offline (data is safe, will be sent later)</translation>
    </message>
    <message numerus="yes">
        <source>Menunggu dikirim: %n</source>
        <translation>
            <numerusform>Waiting to send: %n</numerusform>
            <numerusform>Waiting to send: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Perlu tindakan: %n</source>
        <translation>
            <numerusform>Needs attention: %n</numerusform>
            <numerusform>Needs attention: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Pembaruan %1 siap, dipasang saat mulai ulang</source>
        <translation>Update %1 ready, installed at the next start</translation>
    </message>
    <message>
        <source>Sinkron terakhir: %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <source>Belum pernah sinkron</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>Daftarkan perangkat…</source>
        <translation>Enroll this device…</translation>
    </message>
    <message>
        <source>Sinkron sekarang</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>StatusScreen</name>
    <message>
        <source>Kamera tidak tersedia. Ketik angka nomor permohonan dari tanda terima.</source>
        <translation>No camera is available. Type the digits of the application number from the receipt.</translation>
    </message>
    <message>
        <source>Kode QR tidak terbaca. Coba lagi dengan tanda terima lebih dekat ke kamera, atau ketik angka nomor permohonan.</source>
        <translation>The QR code could not be read. Try again with the receipt closer to the camera, or type the digits of the application number.</translation>
    </message>
    <message>
        <source>Menanyakan keadaan terbaru ke server…</source>
        <translation>Asking the server for the latest state…</translation>
    </message>
    <message>
        <source>Terlalu banyak percobaan yang salah. Tunggu 2 menit, atau tanyakan petugas loket.</source>
        <translation>Too many wrong tries. Wait 2 minutes, or ask at the counter.</translation>
    </message>
    <message>
        <source>Nomor permohonan atau 4 angka terakhir NIK tidak cocok. Periksa tanda terima Anda dan coba lagi, atau tanyakan petugas loket.</source>
        <translation>The application number or the last 4 digits of the NIK do not match. Check your receipt and try again, or ask at the counter.</translation>
    </message>
    <message>
        <source>Permohonan %1 (NIK %2):</source>
        <translation>Application %1 (NIK %2):</translation>
    </message>
    <message>
        <source>sudah tercatat di anjungan ini dan menunggu dikirim.</source>
        <translation>is recorded at this kiosk and waiting to be sent.</translation>
    </message>
    <message>
        <source>sedang dikirim ke Dukcapil.</source>
        <translation>is being sent to the registry (Dukcapil).</translation>
    </message>
    <message>
        <source>sudah diterima Dukcapil dan menunggu diperiksa.</source>
        <translation>has reached the registry (Dukcapil) and waits to be checked.</translation>
    </message>
    <message>
        <source>sedang diperiksa dan diproses.</source>
        <translation>is being checked and processed.</translation>
    </message>
    <message>
        <source>sudah diambil.</source>
        <translation>has been collected.</translation>
    </message>
    <message>
        <source>dibatalkan.</source>
        <translation>was cancelled.</translation>
    </message>
    <message>
        <source>perlu perbaikan.</source>
        <translation>needs a correction.</translation>
    </message>
    <message>
        <source>Yang perlu diperbaiki: %1.</source>
        <translation>What to fix: %1.</translation>
    </message>
    <message>
        <source>Petugas loket bisa membantu.</source>
        <translation>The counter staff can help.</translation>
    </message>
    <message>
        <source>sudah jadi dan siap diambil di %1 sejak %2.</source>
        <translation>is ready to be collected at %1 from %2.</translation>
    </message>
    <message>
        <source>Kupon pengambilan sudah dicetak. Bawa ke loket bersama KTP-el Anda.</source>
        <translation>The pickup coupon has been printed. Bring it to the counter with your KTP-el.</translation>
    </message>
    <message>
        <source>Kupon tidak bisa dicetak. Tunjukkan tanda terima Anda di loket; petugas bisa membantu.</source>
        <translation>The coupon could not be printed. Show your receipt at the counter; the staff can help.</translation>
    </message>
    <message>
        <source>Anjungan ini belum pernah terhubung ke server: status bisa berubah.</source>
        <translation>This kiosk has never reached the server: the status may have changed.</translation>
    </message>
    <message>
        <source>Keadaan dari server baru saja.</source>
        <translation>Status as the server gave it just now.</translation>
    </message>
    <message>
        <source>Keadaan dari server %1 menit yang lalu.</source>
        <translation>Status as the server gave it %1 minutes ago.</translation>
    </message>
    <message>
        <source>Keadaan dari server %1 jam yang lalu.</source>
        <translation>Status as the server gave it %1 hours ago.</translation>
    </message>
    <message>
        <source>Cek status</source>
        <translation>Check a status</translation>
    </message>
    <message>
        <source>Ketik angka nomor permohonan dari tanda terima, tanpa huruf: 6 angka tanggal dan 4 angka terakhir. Contoh: 261203-WRJF-0004 diketik 261203 0004.</source>
        <translation>Type the digits of the application number on your receipt, without the letters: the 6 date digits and the last 4. Example: 261203-WRJF-0004 is typed 261203 0004.</translation>
    </message>
    <message>
        <source>Lanjut</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Ketik 4 angka terakhir NIK Anda.</source>
        <translation>Type the last 4 digits of your NIK.</translation>
    </message>
    <message>
        <source>Dekatkan kode QR pada tanda terima ke kamera di atas layar, lalu tahan sebentar.</source>
        <translation>Hold the QR code on the receipt close to the camera above the screen, and keep it still for a moment.</translation>
    </message>
    <message>
        <source>Pindai kode QR tanda terima</source>
        <translation>Scan the receipt&apos;s QR code</translation>
    </message>
    <message>
        <source>Ketik nomornya saja</source>
        <translation>Type the number instead</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Cetak kupon pengambilan</source>
        <translation>Print the pickup coupon</translation>
    </message>
    <message>
        <source>Isi survei kepuasan (tanpa nama)</source>
        <translation>Fill in the satisfaction survey (no name asked)</translation>
    </message>
</context>
<context>
    <name>SurveyScreen</name>
    <message>
        <source>Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan?</source>
        <translation>How well do the service&apos;s requirements suit you?</translation>
    </message>
    <message>
        <source>Bagaimana kemudahan sistem, mekanisme dan prosedur pelayanan?</source>
        <translation>How easy are the service&apos;s system, mechanism and procedure?</translation>
    </message>
    <message>
        <source>Bagaimana kecepatan waktu penyelesaian pelayanan?</source>
        <translation>How fast is the service completed?</translation>
    </message>
    <message>
        <source>Bagaimana kewajaran biaya atau tarif pelayanan?</source>
        <translation>How fair is the cost or tariff of the service?</translation>
    </message>
    <message>
        <source>Bagaimana kesesuaian hasil pelayanan dengan yang dijanjikan?</source>
        <translation>How well does the result match what was promised?</translation>
    </message>
    <message>
        <source>Bagaimana kemampuan (kompetensi) petugas?</source>
        <translation>How competent are the staff?</translation>
    </message>
    <message>
        <source>Bagaimana kesopanan dan keramahan petugas?</source>
        <translation>How polite and friendly are the staff?</translation>
    </message>
    <message>
        <source>Bagaimana penanganan pengaduan, saran dan masukan?</source>
        <translation>How are complaints, suggestions and feedback handled?</translation>
    </message>
    <message>
        <source>Bagaimana kualitas sarana dan prasarana?</source>
        <translation>How good are the facilities?</translation>
    </message>
    <message>
        <source>Tidak baik</source>
        <translation>Poor</translation>
    </message>
    <message>
        <source>Kurang baik</source>
        <translation>Not good enough</translation>
    </message>
    <message>
        <source>Baik</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>Sangat baik</source>
        <translation>Very good</translation>
    </message>
    <message>
        <source>Pertanyaan %1 dari %2. %3 Sentuh salah satu wajah.</source>
        <translation>Question %1 of %2. %3 Touch one of the faces.</translation>
    </message>
    <message>
        <source>Pertanyaan %1 dari %2</source>
        <translation>Question %1 of %2</translation>
    </message>
    <message>
        <source>Survei kepuasan</source>
        <translation>Satisfaction survey</translation>
    </message>
    <message>
        <source>Sebelumnya</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>Terima kasih. Jawaban Anda tersimpan tanpa nama dan membantu kantor ini.</source>
        <translation>Thank you. Your answers are kept without your name and help this office.</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Boleh dilewati: tulis saran Anda, pilih jenis kelamin, usia, pendidikan dan pekerjaan, lalu sentuh Kirim.</source>
        <translation>Optional: write your suggestion, choose sex, age, education and job, then touch Send.</translation>
    </message>
    <message>
        <source>Jenis kelamin</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Usia</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>Pendidikan terakhir</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>Pekerjaan</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>SD</source>
        <translation>Primary school</translation>
    </message>
    <message>
        <source>SMP</source>
        <translation>Junior high school</translation>
    </message>
    <message>
        <source>SMA/SMK</source>
        <translation>Senior high school</translation>
    </message>
    <message>
        <source>D1-D3</source>
        <translation>Diploma</translation>
    </message>
    <message>
        <source>S1/D4</source>
        <translation>Bachelor</translation>
    </message>
    <message>
        <source>S2 ke atas</source>
        <translation>Master or higher</translation>
    </message>
    <message>
        <source>PNS</source>
        <translation>Civil servant</translation>
    </message>
    <message>
        <source>TNI</source>
        <translation>Armed forces</translation>
    </message>
    <message>
        <source>POLRI</source>
        <translation>Police</translation>
    </message>
    <message>
        <source>Pegawai swasta</source>
        <translation>Private employee</translation>
    </message>
    <message>
        <source>Wirausaha</source>
        <translation>Self-employed</translation>
    </message>
    <message>
        <source>Pelajar/Mahasiswa</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>Lainnya</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Kirim jawaban</source>
        <translation>Send the answers</translation>
    </message>
    <message>
        <source>Laki-laki</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Perempuan</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>%1 th</source>
        <translation>%1 yrs</translation>
    </message>
</context>
<context>
    <name>SyncLine</name>
    <message>
        <source>Pengiriman ke Dukcapil:</source>
        <translation>Sending to the registry (Dukcapil):</translation>
    </message>
    <message>
        <source>Tidak ada antrean pengiriman untuk versi ini.</source>
        <translation>This version has nothing queued to send.</translation>
    </message>
    <message>
        <source>Sudah diterima server Dukcapil %1.</source>
        <translation>Received by the registry&apos;s server %1.</translation>
    </message>
    <message>
        <source>Perlu tindakan petugas: %1</source>
        <translation>Needs staff action: %1</translation>
    </message>
    <message>
        <source>Sedang dikirim…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Menunggu dikirim; akan dikirim otomatis saat jaringan tersedia.</source>
        <translation>Waiting to send; it is sent automatically when the network is available.</translation>
    </message>
    <message numerus="yes">
        <source>Sudah dicoba %n kali.</source>
        <translation>
            <numerusform>Tried %n time.</numerusform>
            <numerusform>Tried %n times.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TouchCapture</name>
    <message>
        <source>Foto ulang</source>
        <translation>Retake</translation>
    </message>
</context>
<context>
    <name>TouchInputPanel</name>
    <message>
        <source>Sentuh kolom yang ingin diisi; tombol untuk mengetik muncul di sini.</source>
        <translation>Touch the field you want to fill in; the keys to type with appear here.</translation>
    </message>
    <message>
        <source>Sentuh pilihan yang sesuai.</source>
        <translation>Touch the choice that fits.</translation>
    </message>
    <message>
        <source>Ketik angkanya dengan tombol di bawah.</source>
        <translation>Type the digits with the keys below.</translation>
    </message>
    <message>
        <source>Ketik dengan tombol huruf di bawah.</source>
        <translation>Type with the letter keys below.</translation>
    </message>
    <message>
        <source>Berikutnya</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>TouchWizard</name>
    <message>
        <source>Jawab pertanyaan dengan menyentuh jawaban yang sesuai.</source>
        <translation>Answer the question by touching the answer that fits.</translation>
    </message>
    <message>
        <source>Ini layanan untuk Anda dan dokumen yang harus dibawa. Sentuh Lanjut bila siap.</source>
        <translation>This is your service and the documents to bring. Touch Next when ready.</translation>
    </message>
    <message>
        <source>Isi data Anda. Sentuh kolom, lalu ketik dengan tombol di layar. NIK dan nomor KK ada di kartu Anda.</source>
        <translation>Fill in your details. Touch a field, then type with the keys on the screen. The NIK and family card number are on your cards.</translation>
    </message>
    <message>
        <source>Letakkan dokumen di bawah kamera, lalu sentuh tombol ambil foto.</source>
        <translation>Place the document under the camera, then touch the take photo button.</translation>
    </message>
    <message>
        <source>Foto diri memegang KTP-el, lalu tanda tangan dengan jari.</source>
        <translation>A photo of yourself holding your KTP-el, then sign with your finger.</translation>
    </message>
    <message>
        <source>Periksa data Anda. Bila sudah benar, sentuh Kirim permohonan.</source>
        <translation>Check your details. When they are right, touch Send application.</translation>
    </message>
    <message>
        <source>Permohonan terkirim. Simpan tanda terima ini; kode QR-nya untuk cek status.</source>
        <translation>Application sent. Keep this receipt; its QR code is for checking the status.</translation>
    </message>
</context>
<context>
    <name>VisitsScreen</name>
    <message>
        <source>Impor CSV</source>
        <translation>Import CSV</translation>
    </message>
    <message>
        <source>Belum ada kunjungan. Tekan Tambah kunjungan... atau Impor CSV... untuk memuat rencananya.</source>
        <translation>No visits yet. Press Add visit... or Import CSV... to load the plan.</translation>
    </message>
    <message>
        <source>Catatan: %1</source>
        <translation>Notes: %1</translation>
    </message>
    <message>
        <source>Memeriksa berkas...</source>
        <translation>Checking the file...</translation>
    </message>
    <message numerus="yes">
        <source>%n kunjungan diimpor.</source>
        <translation>
            <numerusform>%n visit imported.</numerusform>
            <numerusform>%n visits imported.</numerusform>
        </translation>
    </message>
    <message>
        <source>Baris %1, kolom %2: %3</source>
        <translation>Row %1, column %2: %3</translation>
    </message>
    <message>
        <source>Kunjungan ditambahkan.</source>
        <translation>Visit added.</translation>
    </message>
    <message>
        <source>Kunjungan ditunda sampai %1</source>
        <translation>Visit postponed to %1</translation>
    </message>
    <message>
        <source>Kunjungan ditandai: %1</source>
        <translation>Visit marked: %1</translation>
    </message>
    <message>
        <source>Terjadi kesalahan tak terduga; tidak ada data yang hilang.</source>
        <translation>Something unexpected went wrong; no data was lost.</translation>
    </message>
    <message>
        <source>Daftar kunjungan jemput bola</source>
        <translation>Jemput bola visit list</translation>
    </message>
    <message>
        <source>&amp;Impor CSV...</source>
        <translation>&amp;Import CSV...</translation>
    </message>
    <message>
        <source>&amp;Tambah kunjungan...</source>
        <translation>&amp;Add visit...</translation>
    </message>
    <message>
        <source>Rencanakan satu kunjungan</source>
        <translation>Plan one visit</translation>
    </message>
    <message>
        <source>Kolom: %1</source>
        <translation>Columns: %1</translation>
    </message>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Nama / keluarga</source>
        <translation>Name / household</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Permohonan</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>&amp;Mulai permohonan (Enter)</source>
        <translation>&amp;Start an application (Enter)</translation>
    </message>
    <message>
        <source>&amp;Selesai</source>
        <translation>&amp;Done</translation>
    </message>
    <message>
        <source>Tidak di &amp;rumah</source>
        <translation>&amp;Not home</translation>
    </message>
    <message>
        <source>&amp;Ditunda</source>
        <translation>&amp;Postponed</translation>
    </message>
</context>
<context>
    <name>WizardFooter</name>
    <message>
        <source>&amp;Kembali (Alt+←)</source>
        <translation>&amp;Back (Alt+←)</translation>
    </message>
    <message>
        <source>Simpan draf, &amp;mulai baru</source>
        <translation>Save the draft, start &amp;over</translation>
    </message>
    <message>
        <source>Kembali ke awal</source>
        <translation>Back to the start</translation>
    </message>
    <message>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Kirim permohonan</source>
        <translation>Send application</translation>
    </message>
    <message>
        <source>Lanjut</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>K&amp;irim permohonan (Enter)</source>
        <translation>&amp;Submit the application (Enter)</translation>
    </message>
    <message>
        <source>&amp;Lanjut (Ctrl+Enter)</source>
        <translation>&amp;Next (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>WizardHeader</name>
    <message>
        <source>Perbaikan permohonan</source>
        <translation>Correcting an application</translation>
    </message>
    <message>
        <source>Permohonan baru</source>
        <translation>New application</translation>
    </message>
    <message>
        <source>Pertanyaan</source>
        <translation>Questions</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Data pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Dokumen</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Foto diri dan tanda tangan</source>
        <translation>Selfie and signature</translation>
    </message>
    <message>
        <source>Periksa</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Tanda terima</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Langkah %1 dari %2: %3</source>
        <translation>Step %1 of %2: %3</translation>
    </message>
    <message>
        <source>jemput bola: %1</source>
        <translation>home visit: %1</translation>
    </message>
</context>
<context>
    <name>WizardScreen</name>
    <message>
        <source>Memuat permohonan yang ditolak…</source>
        <translation>Loading the rejected application…</translation>
    </message>
    <message>
        <source>Periksa yang ditandai merah sebelum lanjut.</source>
        <translation>Check what is marked in red before going on.</translation>
    </message>
    <message>
        <source>Terjadi kesalahan tak terduga; data tetap tersimpan sebagai draf.</source>
        <translation>Something unexpected went wrong; the data is still saved as a draft.</translation>
    </message>
    <message>
        <source>Menyimpan permohonan…</source>
        <translation>Saving the application…</translation>
    </message>
</context>
</TS>
