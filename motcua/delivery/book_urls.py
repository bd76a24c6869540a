"""Staff pages: the tracking book, form 06 (/can-bo/so-theo-doi/)."""

from django.urls import path

from motcua.delivery import staff_views

app_name = "delivery_book"
urlpatterns = [
    path("", staff_views.book_page, name="book"),
    path("pdf/", staff_views.book_pdf, name="book-pdf"),
    path("xlsx/", staff_views.book_xlsx, name="book-xlsx"),
]
