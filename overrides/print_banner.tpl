<p><em>This box disappears when printing.</em></p>
<p>
  This page joins every page of the site into one. Save it as a PDF with
  <b>File › Print › Save as PDF</b> (code cells print folded; open them first to include the code).
</p>
