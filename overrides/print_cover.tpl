<div>
  <h1>{{ config.site_name }}</h1>
  <p>{{ config.site_description }}</p>
  <p><strong>How to cite:</strong> {{ config.extra.citation.text }}</p>
  <p>Licence: {{ config.extra.citation.license }} (code and text); data sets keep their own licences.</p>
</div>
