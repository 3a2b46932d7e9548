// Filters and sorts the tables the page already holds. Reads textContent only and moves existing rows, so no text
// from the logs is ever parsed as markup.
(function () {
  'use strict';
  var filter = document.getElementById('finding-filter');
  if (filter) {
    filter.addEventListener('input', function () {
      var needle = filter.value.toLowerCase();
      var rows = document.querySelectorAll('#findings-table tbody tr');
      for (var i = 0; i < rows.length; i++) {
        rows[i].style.display = rows[i].textContent.toLowerCase().indexOf(needle) >= 0 ? '' : 'none';
      }
    });
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var headers = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(headers, function (header, column) {
      var ascending = true;
      header.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column] ? a.cells[column].textContent : '';
          var y = b.cells[column] ? b.cells[column].textContent : '';
          if (column === 0 && a.dataset.rank !== undefined) { x = a.dataset.rank; y = b.dataset.rank; }
          var nx = Number(x), ny = Number(y);
          var order = (x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return ascending ? order : -order;
        });
        ascending = !ascending;
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
