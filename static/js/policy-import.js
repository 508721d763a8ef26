// 导入制度: upload with a progress bar. The form still works without this
// file (a plain multipart POST); with it, the upload goes through XHR so the
// browser can show how much has been sent, then follows the server's answer.
(function () {
  "use strict";
  var form = document.querySelector("[data-import-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var bar = form.querySelector("[data-import-progress]");
  var text = form.querySelector("[data-import-progress-text]");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.round((e.loaded / e.total) * 100);
      bar.hidden = false;
      bar.value = percent;
      text.textContent = percent < 100 ? "已上传 " + percent + "%" : "上传完成，正在检查文件……";
    });
    xhr.addEventListener("load", function () {
      if (xhr.responseURL && xhr.responseURL !== window.location.href) {
        window.location.assign(xhr.responseURL);  // the batch's page
        return;
      }
      document.open();  // the form again, with the reasons the files were refused
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      text.textContent = "上传失败，请检查网络后重试。";
      button.disabled = false;
    });
    button.disabled = true;
    bar.hidden = false;
    xhr.send(new FormData(form));
  });
})();
